using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace TalentPlatform.Testing;

/// <summary>Requests as clients send them (raw JSON, extra headers), and what every error must look like.</summary>
public static class Http
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json, params (string Name, string Value)[] headers) =>
        client.SendJsonAsync(HttpMethod.Post, path, json, headers);

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json, CancellationToken cancellationToken, params (string Name, string Value)[] headers) =>
        client.SendJsonAsync(HttpMethod.Post, path, json, cancellationToken, headers);

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, string json, params (string Name, string Value)[] headers) =>
        client.SendJsonAsync(method, path, json, CancellationToken.None, headers);

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, string json, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return client.SendAsync(request, cancellationToken);
    }

    /// <summary>The status, as RFC 9457 problem details, whose body it returns.</summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>A 400 whose errors name every one of <paramref name="fields"/>.</summary>
    public static async Task<JsonObject> AssertNamesFieldsAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in fields)
        {
            Assert.True(errors.ContainsKey(field), $"expected an error for '{field}', got: {problem.ToJsonString()}");
        }

        return problem;
    }
}
