namespace TalentPlatform.Compensation;

/// <summary>
/// The OpenAPI tags Compensation's operations are listed under. They carry the names of the classes that once
/// held each aggregate's routes, and stay so that the published API document does not change.
/// </summary>
internal static class ApiTags
{
    public const string Observations = "ObservationEndpoints";
    public const string Offers = "OfferEndpoints";
    public const string Submissions = "SubmissionEndpoints";
}
