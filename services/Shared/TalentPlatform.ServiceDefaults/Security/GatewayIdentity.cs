using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TalentPlatform.ServiceDefaults.Security;

/// <summary>
/// Who is calling, as the gateway vouches for it: after checking the caller's API key, the gateway signs a
/// short-lived JWT (ES256, issuer talent-gateway, audience talent-services, header <c>kid</c>) naming the key,
/// its role and its tenant, and sends it as <c>Authorization: Bearer</c>. Every service verifies it itself,
/// so a service called directly, or with a token anyone but the gateway made, answers 401.
/// <para>
/// Only the gateway holds the private key (<c>Identity:SigningKeyFile</c>, a PEM file); services hold the
/// public keys they accept (<c>Identity:PublicKeysFile</c>, one or more PEM public keys), so no service can
/// mint an identity. Both files are read again when they change: a rotation adds the new public key for the
/// services first, then gives the gateway the new private key, then, once the last token signed with the
/// old key has expired, removes the old public key — old and new are accepted in between.
/// </para>
/// </summary>
public static class GatewayIdentity
{
    public const string SigningKeyFileSetting = "Identity:SigningKeyFile";
    public const string PublicKeysFileSetting = "Identity:PublicKeysFile";
    public const string Issuer = "talent-gateway";
    public const string Audience = "talent-services";
    public const string RoleClaim = "role";
    public const string TenantClaim = "tenant";
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    /// <summary>Clocks may differ this much between the gateway and a service; a token older than its expiry plus this is refused.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private static readonly JsonWebTokenHandler Tokens = new();

    /// <summary>The gateway's key file (the gateway only).</summary>
    public static SigningKeyFile SigningKey(IConfiguration configuration, TimeProvider time) => new(
        configuration[SigningKeyFileSetting],
        $"{SigningKeyFileSetting} (the gateway's private key for the identities it forwards; environment variable Identity__SigningKeyFile)",
        time);

    /// <summary>The public keys a service accepts identities from.</summary>
    public static PublicKeysFile PublicKeys(IConfiguration configuration, TimeProvider time) => new(
        configuration[PublicKeysFileSetting],
        $"{PublicKeysFileSetting} (the gateway's public keys, which every service verifies forwarded identities with; environment variable Identity__PublicKeysFile)",
        time);

    /// <summary>The token the gateway forwards for a caller it has authenticated.</summary>
    public static string Issue(ECDsaSecurityKey key, string subject, string role, string tenant, DateTimeOffset now) =>
        Tokens.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(Lifetime).UtcDateTime,
            Claims = new Dictionary<string, object> { ["sub"] = subject, [RoleClaim] = role, [TenantClaim] = tenant },
            SigningCredentials = new SigningCredentials(key, Algorithm),
        });

    /// <summary>
    /// ES256 only (an HS256 token keyed with a public key, or an unsigned one, is refused before any key is
    /// tried), and only with a key the file holds under the token's <c>kid</c>: an unknown or absent id finds none.
    /// </summary>
    public static TokenValidationParameters Validation(PublicKeysFile keys) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        ValidAlgorithms = [Algorithm],
        IssuerSigningKeyResolver = (_, _, keyId, _) => keys.Find(keyId) is { } key ? [key] : [],
        TryAllIssuerSigningKeys = false,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = ClockSkew,
        NameClaimType = "sub",
        RoleClaimType = RoleClaim,
    };

    /// <summary>Services accept only what the gateway signed; everything but the health probes needs it, and a role.</summary>
    public static IHostApplicationBuilder AddGatewayIdentity(this IHostApplicationBuilder builder)
    {
        // Read when first needed, so hosts and test factories can supply configuration late.
        builder.Services.AddSingleton(services => PublicKeys(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<TimeProvider>()));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<PublicKeysFile>((options, keys) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = Validation(keys);
            })
            // A service without the gateway's public keys does not start, rather than refuse every request.
            .ValidateOnStart();
        builder.Services.AddAuthorizationBuilder().AddPlatformPolicies();
        return builder;
    }

    public static string? Tenant(this ClaimsPrincipal user) => user.FindFirst(TenantClaim)?.Value;
}
