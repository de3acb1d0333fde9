
namespace TalentPlatform.Compensation;

/// <summary>The rules every pay figure meets, wherever it comes from.</summary>
public static class PayRules
{
    public const int MaxText = 200;

    /// <summary>
    /// The most a figure may be in its period, in any currency's units: generous, so that real pay in
    /// yen or won passes, and an hourly rate of ten million does not.
    /// </summary>
    public static decimal Plausible(PayPeriod period) => period switch
    {
        PayPeriod.Hourly => 1_000_000m,
        PayPeriod.Monthly => 1_000_000_000m,
        PayPeriod.Annual => 10_000_000_000m,
        _ => 100_000_000_000m,
    };

    public static ValidationErrors Role(this ValidationErrors errors, string? role) =>
        errors.When(string.IsNullOrWhiteSpace(role) || role.Length > MaxText, "role", $"The role, 1 to {MaxText} characters, such as ml-engineer.");

    public static ValidationErrors Location(this ValidationErrors errors, string field, Location? location, bool required) => location is null
        ? errors.When(required, field, "Where: {\"country\": ISO 3166-1 alpha-2, \"city\"}.")
        : errors
            .When(!CountryCodes.IsAssigned(location.Country), $"{field}.country", "An ISO 3166-1 alpha-2 code, such as GB.")
            .When(location.City is { Length: 0 or > MaxText }, $"{field}.city", $"1 to {MaxText} characters.");

    public static ValidationErrors Currency(this ValidationErrors errors, string field, string? currency) =>
        errors.When(!CurrencyCodes.IsActive(currency), field, "An active ISO 4217 currency code, such as GBP.");

    /// <summary>Each given component holds the figure its kind needs, non-negative and plausible for the period.</summary>
    public static ValidationErrors Components(this ValidationErrors errors, string field, Components? components, FigureKind kind, PayPeriod period)
    {
        var given = components?.Given().ToList() ?? [];
        errors.When(given.Count == 0, field, "At least one of base, bonus, equityPerYear, signOn.");
        var plausible = Plausible(period);
        foreach (var (name, figure) in given)
        {
            var path = $"{field}.{name}";
            if (kind == FigureKind.Range)
            {
                errors
                    .When(figure.Amount is not null, $"{path}.amount", "A range gives min and max, not an amount.")
                    .When(figure.Min is null, $"{path}.min", "A range needs its minimum.")
                    .When(figure.Max is null, $"{path}.max", "A range needs its maximum.")
                    .When(figure.Min > figure.Max, $"{path}.min", "The minimum is above the maximum.");
            }
            else
            {
                errors
                    .When(figure.Amount is null, $"{path}.amount", $"A {kind.ToString().ToLowerInvariant()} gives an amount.")
                    .When(figure.Min is not null || figure.Max is not null, $"{path}.min", "Only a range gives min and max.");
            }

            foreach (var (part, value) in new[] { ("amount", figure.Amount), ("min", figure.Min), ("max", figure.Max) })
            {
                errors
                    .When(value < 0, $"{path}.{part}", "Pay is not negative.")
                    .When(value > plausible, $"{path}.{part}", $"Not plausible for {period.ToString().ToLowerInvariant()} pay (at most {plausible:N0}).");
            }
        }

        return errors;
    }
}
