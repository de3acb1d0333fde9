namespace TalentPlatform.ServiceDefaults.Security;

/// <summary>The roles an API key carries, which the gateway vouches for in the identity it forwards.</summary>
public static class Roles
{
    public const string Analyst = "analyst";
    public const string Customer = "customer";
    public const string Admin = "admin";

    public static readonly string[] All = [Analyst, Customer, Admin];
}
