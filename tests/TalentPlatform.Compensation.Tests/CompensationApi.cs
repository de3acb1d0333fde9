using CompensationProgram = TalentPlatform.Compensation.Program;

namespace TalentPlatform.Compensation.Tests;

/// <summary>The Compensation service on its own, against the shared test PostgreSQL and RabbitMQ.</summary>
public sealed class CompensationApi() : ServiceFixture<CompensationProgram>("services/Compensation/TalentPlatform.Compensation", "compensation");

internal static class CompensationRequests
{
    public const string Source = """{"publisher":"Business Insider","publishedOn":"2025-07-10","attribution":"anonymous-source","status":"reported"}""";

    public const string UkBand = """
        {"role":"ml-engineer","location":{"country":"GB"},"currency":"GBP","period":"annual","kind":"range",
         "components":{"base":{"min":140000,"max":300000}},"observedOn":"2025-07-01",
         "source":{"publisher":"Al Arabiya","publishedOn":"2025-07-20","attribution":"estimate","status":"reported"}}
        """;

    public static string Row(decimal baseAmount = 180000m, string country = "GB", string period = "annual") => $$"""
        {"role":"ml-engineer","level":"senior","location":{"country":"{{country}}","city":"London"},"currency":"GBP","period":"{{period}}",
         "components":{"base":{"amount":{{baseAmount}} },"bonus":{"amount":20000} },"effectiveOn":"2025-04-01"}
        """;

    public static async Task<JsonObject> CreatedAsync(this Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
