using System.Collections.Immutable;

namespace TalentPlatform.Compensation;

public enum OfferOutcome
{
    Accepted,
    Declined,
    Withdrawn,
}

/// <summary>A person (People id or name) or a described group, such as "OpenAI staff".</summary>
public sealed record Candidate(Guid? PersonId = null, string? Name = null, string? Group = null);

public sealed record PackageYear(int Year, decimal Amount);

/// <summary>
/// What was offered, as reported: a one-off sign-on, a yearly base, a total, and the multi-year schedule
/// when known. <see cref="UpTo"/>: the figures are maximums ("signing bonuses of up to $100M").
/// </summary>
// The schedule defaults to null rather than to a default ImmutableArray: .NET's JSON schema exporter,
// which writes the OpenAPI document, cannot describe the latter as a default value.
public sealed record Package(decimal? SignOn = null, decimal? Base = null, decimal? Total = null, IReadOnlyList<PackageYear>? Schedule = null, bool UpTo = false)
{
    public IReadOnlyList<PackageYear> Schedule { get; init; } = Schedule ?? [];
}

/// <summary>One report of how an offer ended; competing reports are all kept.</summary>
public sealed record OutcomeClaim(Guid ClaimId, OfferOutcome Outcome, Source Source, DateTimeOffset RecordedAt);

// Events: what happened to an offer, in the past tense, the offer id first and when it was recorded last.

public sealed record OfferExtended(Guid OfferId, string Organization, Candidate Candidate, Package Package, string Currency, DateOnly ExtendedOn, Source Source, DateTimeOffset RecordedAt);

public sealed record OfferOutcomeReported(Guid OfferId, OutcomeClaim Claim, DateTimeOffset RecordedAt);

/// <summary>An offer as its events make it: what decisions read and what clients are shown. An offer is not a move.</summary>
public sealed record Offer(
    Guid Id,
    string Organization,
    Candidate Candidate,
    Package Package,
    string Currency,
    DateOnly ExtendedOn,
    Source Source,
    ImmutableArray<OutcomeClaim> Outcomes,
    DateTimeOffset RecordedAt)
{
    /// <summary>The stream version this state was built to; Marten sets it on the inline snapshot.</summary>
    public long Version { get; set; }

    /// <summary>The outcome the offer rests on by the platform's claims rule (null while none qualifies).</summary>
    public OutcomeClaim? CurrentOutcome => CurrentClaim.Of(Outcomes, claim => claim.Source.Status, claim => claim.Source.PublishedOn, claim => claim.RecordedAt);

    public static Offer Create(OfferExtended e) => new(e.OfferId, e.Organization, e.Candidate, e.Package, e.Currency, e.ExtendedOn, e.Source, [], e.RecordedAt);

    public Offer Apply(OfferOutcomeReported reported) => this with { Outcomes = Outcomes.Add(reported.Claim) };

    /// <summary>Folds one event into the state (null before the offer was extended).</summary>
    public static Offer? Fold(Offer? offer, object @event) => (offer, @event) switch
    {
        (null, OfferExtended extended) => Create(extended),
        (not null, OfferOutcomeReported reported) => offer.Apply(reported),
        _ => offer,
    };
}
