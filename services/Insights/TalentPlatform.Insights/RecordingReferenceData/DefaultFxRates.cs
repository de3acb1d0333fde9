
namespace TalentPlatform.Insights.RecordingReferenceData;

/// <summary>
/// The FX table Insights ships with, so that figures in the major currencies convert from the first start:
/// annual averages of the Federal Reserve's foreign exchange rates (release G.5A), as US dollars per unit,
/// dated 1 July of each year (the middle of the period they average). Analysts add finer, dated rates
/// through the API; the rate in force on a fact's date is always the latest one on or before it.
/// </summary>
internal sealed partial class DefaultFxRates(IDocumentStore store, TimeProvider time, ILogger<DefaultFxRates> logger) : IHostedService
{
    public static readonly Source Federal = new(
        "Board of Governors of the Federal Reserve System, G.5A Foreign Exchange Rates (annual averages)",
        new Uri("https://www.federalreserve.gov/releases/g5a/"),
        new DateOnly(2025, 1, 2),
        Attribution.CompanyStatement,
        ClaimStatus.Confirmed);

    /// <summary>Currency, year, US dollars per unit.</summary>
    public static readonly (string Currency, int Year, decimal UsdPerUnit)[] Table =
    [
        ("EUR", 2023, 1.0813m), ("GBP", 2023, 1.2439m), ("JPY", 2023, 0.007118m), ("CHF", 2023, 1.1132m),
        ("CAD", 2023, 0.7410m), ("AUD", 2023, 0.6644m), ("CNY", 2023, 0.14123m), ("INR", 2023, 0.012109m),
        ("EUR", 2024, 1.0824m), ("GBP", 2024, 1.2781m), ("JPY", 2024, 0.006602m), ("CHF", 2024, 1.1358m),
        ("CAD", 2024, 0.7300m), ("AUD", 2024, 0.6598m), ("CNY", 2024, 0.13897m), ("INR", 2024, 0.011951m),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var now = time.GetUtcNow();
        var added = 0;
        foreach (var (currency, year, usdPerUnit) in Table)
        {
            var on = new DateOnly(year, 7, 1);
            var id = ReferenceIds.For("fx", currency, on, Federal.Publisher);
            if (await session.LoadAsync<FxRate>(id, cancellationToken) is null)
            {
                session.Events.StartStream<FxRate>(id, new FxRateRecorded(id, currency, usdPerUnit, on, Federal, now));
                added++;
            }
        }

        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            // Another instance shipped the same table at the same moment: it is there either way.
            added = 0;
        }

        if (added > 0)
        {
            LogShipped(added);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded {Count} shipped FX rates")]
    private partial void LogShipped(int count);
}
