using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Testing;

/// <summary>
/// The identity signing key every host in the test process shares (the gateway and the services), and
/// clients that call a service as the gateway would on someone's behalf.
/// </summary>
public static class TestIdentity
{
    public static string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static SymmetricSecurityKey Key { get; } = new(Convert.FromBase64String(SigningKey));

    /// <summary>Signs a fresh gateway token for every request it sends.</summary>
    public sealed class Handler(string role, string tenant) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Bearer",
                GatewayIdentity.Issue(Key, $"test-{role}", role, tenant, DateTimeOffset.UtcNow));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
