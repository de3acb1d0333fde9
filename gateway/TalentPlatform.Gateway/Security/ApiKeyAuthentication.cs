using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TalentPlatform.Gateway.Keys;

namespace TalentPlatform.Gateway.Security;

public static class TalentClaims
{
    public const string Tenant = "talent:tenant";
    /// <summary>The key's name for a bootstrap key, its id for an issued one.</summary>
    public const string KeyName = "talent:key";
}

/// <summary>
/// A bootstrap API key from configuration (the demo keys <c>./deploy/up</c> generates, an operator's first
/// admin key), stored only as the SHA-256 of the key. Keys issued through the admin API live in the
/// gateway's database instead.
/// </summary>
public sealed class ApiKeyEntry
{
    public string Name { get; set; } = "";

    public string Role { get; set; } = "";

    public string Tenant { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes.</summary>
    public string Sha256 { get; set; } = "";
}

public sealed class ApiKeyOptions
{
    public const string Section = "Gateway";

    public List<ApiKeyEntry> ApiKeys { get; set; } = [];
}

/// <summary>
/// Authenticates <c>X-Api-Key</c> against the hashes of the keys the gateway accepts (bootstrap and
/// issued). No key is 401, an unknown or revoked key is 401; nothing is open by default.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ApiKeyDirectory keys,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>Longer than any key the platform issues; a longer header is not worth hashing.</summary>
    private const int MaxKeyLength = 256;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName];
        if (presented.Count == 0 || string.IsNullOrEmpty(presented[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (presented.Count > 1)
        {
            return Task.FromResult(AuthenticateResult.Fail("More than one API key was sent."));
        }

        // The lookup is by the key's hash, so its timing says nothing about any stored key.
        var grant = presented[0]!.Length <= MaxKeyLength ? keys.Find(SHA256.HashData(Encoding.UTF8.GetBytes(presented[0]!))) : null;
        if (grant is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, grant.Subject),
                new Claim(ClaimTypes.Role, grant.Role),
                new Claim(TalentClaims.Tenant, grant.Tenant),
                new Claim(TalentClaims.KeyName, grant.Subject),
            ],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        return Task.CompletedTask;
    }
}
