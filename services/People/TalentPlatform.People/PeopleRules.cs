namespace TalentPlatform.People;

/// <summary>Field rules shared by the people and move commands.</summary>
internal static class PeopleRules
{
    public const int MaxTextLength = 200;

    /// <summary>
    /// What every move is checked for, a named person's or a group's: two different registered
    /// organizations, a day not in the future and a valid source. <paramref name="own"/> adds the
    /// checks of its kind of move.
    /// </summary>
    public static async Task<ValidationErrors> ValidateMoveAsync(
        IOrganizations organizations,
        string from,
        string to,
        PartialDate on,
        SourceRequest source,
        DateTimeOffset now,
        Func<ValidationErrors, ValidationErrors> own,
        CancellationToken cancellationToken)
    {
        var errors = own(new ValidationErrors().When(from == to, "to", "A move goes to another organization."))
            .NotFuture("on", on.Earliest, now)
            .Source("source", source, now);
        await organizations.MustExistAsync("from", from, errors, cancellationToken);
        await organizations.MustExistAsync("to", to, errors, cancellationToken);
        return errors;
    }
}
