using TalentPlatform.Deals.Recording;
using TalentPlatform.Imports;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Deals.Importing;

/// <summary>
/// <c>POST /api/imports?kind=deals</c>: each row is the body of <c>POST /api/deals</c>, checked by the same
/// validation and recorded by the same decision.
/// </summary>
internal static class ImportDeals
{
    public static ImportKind<RecordDealRequest> Kind { get; } = new(
        "deals",
        [Roles.Analyst, Roles.Admin],
        ImportWriter.Of<RecordDealRequest>((session, row, context) =>
            RecordDealEndpoint.Validate(row, context.Now) is { IsEmpty: false } invalid
                ? ImportWrite.Refuse(invalid)
                : ImportWrite.Written(RecordDealEndpoint.Record(session, row, context.Now).Id)),
        id => $"/api/deals/{id}");
}
