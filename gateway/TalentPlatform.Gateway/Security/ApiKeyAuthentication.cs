using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace TalentPlatform.Gateway.Security;

public static class Roles
{
    public const string Analyst = "analyst";
    public const string Customer = "customer";
    public const string Admin = "admin";

    public static readonly string[] All = [Analyst, Customer, Admin];
}

public static class Policies
{
    /// <summary>Reads market data and insights: every role.</summary>
    public const string Reader = "reader";

    /// <summary>Writes market data (deals, organizations, people, public pay): analysts and admins.</summary>
    public const string MarketWriter = "market-writer";

    /// <summary>Tenants, keys and projection rebuilds.</summary>
    public const string Admin = "admin";

    /// <summary>A customer's own private data (pay submissions): customers only, each within its tenant.</summary>
    public const string TenantData = "tenant-data";
}

public static class TalentClaims
{
    public const string Tenant = "talent:tenant";
    public const string KeyName = "talent:key";
}

/// <summary>One issued API key, stored only as the SHA-256 of the key.</summary>
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
/// Authenticates <c>X-Api-Key</c> against the configured key hashes. No key is 401, an unknown key is
/// 401; nothing is open by default.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    IOptionsMonitor<ApiKeyOptions> keys,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

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

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented[0]!));
        var entry = keys.CurrentValue.ApiKeys.FirstOrDefault(key => Matches(key, hash));
        if (entry is null || !Roles.All.Contains(entry.Role))
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, entry.Name),
                new Claim(ClaimTypes.Role, entry.Role),
                new Claim(TalentClaims.Tenant, entry.Tenant),
                new Claim(TalentClaims.KeyName, entry.Name),
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

    private static bool Matches(ApiKeyEntry key, byte[] presentedHash)
    {
        Span<byte> stored = stackalloc byte[32];
        return Convert.FromHexString(key.Sha256, stored, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == 32
            && CryptographicOperations.FixedTimeEquals(stored, presentedHash);
    }
}
