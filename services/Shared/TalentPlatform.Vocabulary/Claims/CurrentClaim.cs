namespace TalentPlatform.Vocabulary.Claims;

/// <summary>
/// Which of several competing claims a figure currently rests on, the same rule everywhere:
/// confirmed over reported over rumoured; disputed and retracted claims are never chosen; among equals
/// the newest publication, then the latest recorded. Null when no claim qualifies. Claims equal on all
/// three keep the order they were given in (the sort is stable): give them in a fixed order.
/// </summary>
public static class CurrentClaim
{
    public static T? Of<T>(IEnumerable<T> claims, Func<T, ClaimStatus> status, Func<T, DateOnly> publishedOn, Func<T, DateTimeOffset> recordedAt)
        where T : class =>
        claims
            .Where(claim => Strength(status(claim)) > 0)
            .OrderByDescending(claim => Strength(status(claim)))
            .ThenByDescending(publishedOn)
            .ThenByDescending(recordedAt)
            .FirstOrDefault();

    /// <summary>How far a claim can be relied on: confirmed 3, reported 2, rumoured 1; disputed and retracted 0, never used.</summary>
    public static int Strength(ClaimStatus status) => status switch
    {
        ClaimStatus.Confirmed => 3,
        ClaimStatus.Reported => 2,
        ClaimStatus.Rumoured => 1,
        _ => 0,
    };
}
