namespace TalentPlatform.Compensation.Tests;

/// <summary>Given events, when a decision, then events or a conflict — no database involved.</summary>
internal static class CompensationSpecification
{
    public static readonly DateTimeOffset Now = new(2025, 8, 10, 9, 30, 0, TimeSpan.Zero);
    public static readonly Guid OfferId = Guid.CreateVersion7(Now.AddDays(-12));
    public static readonly Guid ObservationId = Guid.CreateVersion7(Now);
    public static readonly Guid SubmissionId = Guid.CreateVersion7(Now.AddSeconds(1));

    public static Offer GivenOffer(params object[] events) =>
        events.Aggregate((Offer?)null, Offer.Fold) ?? throw new InvalidOperationException("No offer was extended.");

    public static Observation GivenObservation(params object[] events) =>
        events.Aggregate((Observation?)null, Observation.Fold) ?? throw new InvalidOperationException("No report was observed.");

    public static Submission GivenSubmission(params object[] events) =>
        events.Aggregate((Submission?)null, Submission.Fold) ?? throw new InvalidOperationException("No row was submitted.");

    /// <summary>The offer once the events a decision made are applied.</summary>
    public static Offer After(Offer offer, IEnumerable<object> events) => events.Aggregate((Offer?)offer, Offer.Fold)!;

    /// <summary>Meta → Matt Deitke: about $250M over four years, as The New York Times reported it.</summary>
    public static OfferExtended Extended() => new(
        OfferId,
        "meta",
        new Candidate(Name: "Matt Deitke"),
        new Package(Total: 250_000_000m, Schedule: [new PackageYear(1, 62_500_000m), new PackageYear(2, 62_500_000m), new PackageYear(3, 62_500_000m), new PackageYear(4, 62_500_000m)]),
        "USD",
        new DateOnly(2025, 7, 28),
        new Source("The New York Times", null, new DateOnly(2025, 8, 1), Attribution.AnonymousSource, ClaimStatus.Reported),
        Now.AddDays(-12));

    public static SourceRequest Press(DateOnly publishedOn, ClaimStatus status, string publisher = "Press") =>
        new(publisher, publishedOn, Attribution.AnonymousSource, status);

    public static OfferOutcomeReported Reported(OfferOutcome outcome, SourceRequest source, int recordedDaysAgo = 5) =>
        new(OfferId, new OutcomeClaim(Guid.NewGuid(), outcome, source.ToSource(), Now.AddDays(-recordedDaysAgo)), Now.AddDays(-recordedDaysAgo));

    /// <summary>The £140k–£300k band for an ML engineer in London, as Al Arabiya estimated it.</summary>
    public static CompensationObserved ObservedUkBand => new(ObservationId, Now)
    {
        Role = "ml-engineer",
        Level = Level.Senior,
        Location = new Location("GB", "London"),
        Organization = "deepmind",
        Currency = "GBP",
        Period = PayPeriod.Annual,
        Kind = FigureKind.Range,
        Components = new Components(Base: new Figure(Min: 140_000m, Max: 300_000m)),
        SampleSize = 12,
        ObservedOn = new DateOnly(2025, 7, 1),
        Source = new Source("Al Arabiya", null, new DateOnly(2025, 7, 20), Attribution.Estimate, ClaimStatus.Reported),
    };

    /// <summary>A senior ML engineer's pay in London, from a customer's payroll.</summary>
    public static CompensationSubmitted SubmittedLondonRow => new(SubmissionId, Now)
    {
        Role = "ml-engineer",
        Level = Level.Senior,
        Location = new Location("GB", "London"),
        Currency = "GBP",
        Period = PayPeriod.Annual,
        Components = new Components(Base: new Figure(Amount: 180_000m), Bonus: new Figure(Amount: 20_000m)),
        EffectiveOn = new DateOnly(2025, 4, 1),
    };
}
