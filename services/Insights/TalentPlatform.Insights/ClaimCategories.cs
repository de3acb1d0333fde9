namespace TalentPlatform.Insights;

/// <summary>One claim behind a figure, in typed words.</summary>
public sealed record FigureClaim(ClaimStatus? Status, Attribution? Attribution, string? Publisher);

/// <summary>A way a figure can be weak, with the bit that marks it in a figure's flags.</summary>
public sealed record ClaimCategory(string Name, int Bit, Func<IReadOnlyList<FigureClaim>, bool> Applies);

/// <summary>
/// The categories of claims quality: a figure (a deal's value or stake, an offer, an offer's outcome, a pay report,
/// a move, a model's training cost) rests on a single source, on an anonymous source, on a named (possibly rival)
/// person, on an estimate, is disputed or retracted, or is only rumoured. A figure's flags are computed once, when
/// the figure is kept or changes, and counted per kind and category.
/// </summary>
public static class ClaimCategories
{
    /// <summary>The category that counts every figure of a kind.</summary>
    public const string All = "all";

    public static readonly ClaimCategory SingleSource = new(
        "singleSource", 1, claims => claims.Select(claim => claim.Publisher).Distinct().Count() == 1);

    public static readonly ClaimCategory AnonymousSource = new(
        "anonymousSource", 2, claims => claims.Any(claim => claim.Attribution == Attribution.AnonymousSource));

    public static readonly ClaimCategory NamedPerson = new(
        "namedPerson", 4, claims => claims.Any(claim => claim.Attribution == Attribution.NamedPerson));

    public static readonly ClaimCategory Estimate = new(
        "estimate", 8, claims => claims.Any(claim => claim.Attribution == Attribution.Estimate));

    public static readonly ClaimCategory DisputedOrRetracted = new(
        "disputedOrRetracted", 16, claims => claims.Any(claim => claim.Status is ClaimStatus.Disputed or ClaimStatus.Retracted));

    public static readonly ClaimCategory RumouredOnly = new(
        "rumouredOnly", 32, claims => claims.All(claim => claim.Status is ClaimStatus.Rumoured or ClaimStatus.Disputed or ClaimStatus.Retracted));

    public static readonly IReadOnlyList<ClaimCategory> Every = [SingleSource, AnonymousSource, NamedPerson, Estimate, DisputedOrRetracted, RumouredOnly];

    /// <summary>The kinds of figure, in the order their lists are paged through.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["deal-value", "deal-stake", "deal-other", "move", "offer", "offer-outcome", "pay-report", "training-cost"];

    public static short Flags(IReadOnlyList<FigureClaim> claims) =>
        (short)Every.Where(category => category.Applies(claims)).Sum(category => category.Bit);

    public static ClaimCategory? Named(string name) => Every.FirstOrDefault(category => category.Name == name);
}
