using Microsoft.AspNetCore.Authorization;

namespace TalentPlatform.ServiceDefaults.Security;

/// <summary>
/// The roles the gateway vouches for, checked again by the services themselves: the gateway's route
/// policies are the front door, these are the locks on the rooms.
/// </summary>
public static class Roles
{
    public const string Analyst = "analyst";
    public const string Customer = "customer";
    public const string Admin = "admin";

    public static readonly string[] All = [Analyst, Customer, Admin];

    /// <summary>Writes market data: analysts and admins.</summary>
    public static readonly AuthorizationPolicy MarketWriters = new AuthorizationPolicyBuilder().RequireRole(Analyst, Admin).Build();

    /// <summary>Projection rebuilds and other operations.</summary>
    public static readonly AuthorizationPolicy Admins = new AuthorizationPolicyBuilder().RequireRole(Admin).Build();
}
