using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TalentPlatform.ServiceDefaults.Security;

/// <summary>
/// Who is calling, as the gateway vouches for it: after checking the caller's API key, the gateway signs
/// a short-lived JWT (HS256, issuer talent-gateway, audience talent-services) naming the key, its role
/// and its tenant, and sends it as <c>Authorization: Bearer</c>. Every service verifies it itself, so a
/// service called directly, or with a token anyone but the gateway made, answers 401. The key is
/// <c>Identity:SigningKey</c> (base64, at least 32 bytes), shared by the gateway and the services.
/// </summary>
public static class GatewayIdentity
{
    public const string SigningKeySetting = "Identity:SigningKey";
    public const string Issuer = "talent-gateway";
    public const string Audience = "talent-services";
    public const string RoleClaim = "role";
    public const string TenantClaim = "tenant";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    public static SymmetricSecurityKey SigningKey(IConfiguration configuration)
    {
        var text = configuration[SigningKeySetting];
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text ?? "");
        }
        catch (FormatException)
        {
            bytes = [];
        }

        return bytes.Length >= 32
            ? new SymmetricSecurityKey(bytes)
            : throw new InvalidOperationException(
                $"{SigningKeySetting} must be at least 32 random bytes in base64 (environment variable Identity__SigningKey), the same for the gateway and every service.");
    }

    /// <summary>The token the gateway forwards for a caller it has authenticated.</summary>
    public static string Issue(SymmetricSecurityKey key, string subject, string role, string tenant, DateTimeOffset now) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(Lifetime).UtcDateTime,
            Claims = new Dictionary<string, object> { ["sub"] = subject, [RoleClaim] = role, [TenantClaim] = tenant },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });

    /// <summary>Services accept only what the gateway signed; everything but the health probes needs it.</summary>
    public static IHostApplicationBuilder AddGatewayIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = Issuer,
                    ValidAudience = Audience,
                    IssuerSigningKey = SigningKey(configuration),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "sub",
                    RoleClaimType = RoleClaim,
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    public static string? Tenant(this ClaimsPrincipal user) => user.FindFirst(TenantClaim)?.Value;
}
