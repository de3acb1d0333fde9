using TalentPlatform.Compensation.Observing;
using TalentPlatform.Imports;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Compensation.Importing;

/// <summary>
/// <c>POST /api/imports?kind=pay-reports</c>: each row is a market pay report as <c>POST /api/compensation/observations</c>
/// takes it, checked by the same rules and decided by the same decision; a chunk's reports are recorded together
/// (<see cref="ObservationsInBulk"/>), a thousand to an event, rather than a stream each.
/// </summary>
internal static class ImportPayReports
{
    public static ImportKind<ObserveCompensationRequest> Kind { get; } = new(
        "pay-reports",
        [Roles.Analyst, Roles.Admin],
        () => new Writer(),
        id => $"/api/compensation/observations/{id}");

    private sealed class Writer : ImportWriter<ObserveCompensationRequest>
    {
        private readonly List<CompensationObserved> _chunk = [];

        public override ValueTask<ImportWrite> WriteAsync(IDocumentSession session, ImportRow<ObserveCompensationRequest> row, ImportWriteContext context)
        {
            if (ObserveCompensationEndpoint.Validate(new ValidationErrors(), row.Body, context.Now) is { IsEmpty: false } invalid)
            {
                return ValueTask.FromResult(ImportWrite.Refuse(invalid));
            }

            var observed = ObserveCompensationDecision.Observed(row.Body, context.Now);
            _chunk.Add(observed);
            return ValueTask.FromResult(ImportWrite.Written(observed.ObservationId));
        }

        public override void EndChunk(IDocumentSession session, ImportWriteContext context)
        {
            ObservationsInBulk.Stage(session, _chunk, context.ImportId);
            _chunk.Clear();
        }
    }
}
