
namespace TalentPlatform.Deals.Tests;

public sealed class TalentApiTests(DealsApi api) : IClassFixture<DealsApi>
{
    private readonly HttpClient _client = api.Host.ClientAs("analyst");

    [Fact]
    public async Task Talent_is_attached_by_person_id_or_by_name_with_a_role()
    {
        var id = await _client.RecordAsync();
        var personId = Guid.NewGuid();

        using var byId = await _client.PostJsonAsync($"/api/deals/{id}/talent", $$"""{"personId":"{{personId}}","role":"Chief AI Officer"}""");
        using var byName = await _client.PostJsonAsync($"/api/deals/{id}/talent", """{"name":"Alexandr Wang","role":"Founder"}""");

        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byName.StatusCode);
        var talent = (await _client.ReadAsync(id))["talent"]!.AsArray();
        Assert.Equal(2, talent.Count);
        Assert.Contains(talent, person => person!["personId"]?.GetValue<string>() == personId.ToString() && person["role"]!.GetValue<string>() == "Chief AI Officer");
        Assert.Contains(talent, person => person!["name"]?.GetValue<string>() == "Alexandr Wang");
    }

    [Fact]
    public async Task Attaching_the_same_person_twice_is_a_409()
    {
        var id = await _client.RecordAsync();
        using (await _client.PostJsonAsync($"/api/deals/{id}/talent", """{"name":"Varun Mohan","role":"CEO"}"""))
        {
        }

        using var again = await _client.PostJsonAsync($"/api/deals/{id}/talent", """{"name":"varun mohan","role":"CEO"}""");

        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("""{"role":"CEO"}""", "personId")]
    [InlineData("""{"name":"A","personId":"0d7c7f9e-0000-4000-8000-000000000001","role":"CEO"}""", "personId")]
    [InlineData("""{"name":"Alexandr Wang","role":""}""", "role")]
    [InlineData("""{"name":"Alexandr Wang","role":"CEO","salary":1}""", "salary")]
    [InlineData("""{"personId":"not-a-guid","role":"CEO"}""", "personId")]
    public async Task Invalid_talent_is_a_400_naming_the_field(string body, string field)
    {
        var id = await _client.RecordAsync();

        using var response = await _client.PostJsonAsync($"/api/deals/{id}/talent", body);

        await response.AssertNamesFieldsAsync(field);
    }
}
