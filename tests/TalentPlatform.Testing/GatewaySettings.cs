using System.Security.Cryptography;
using System.Text;

namespace TalentPlatform.Testing;

public static class GatewaySettings
{
    /// <summary>The gateway settings of one bootstrap API key, stored as the gateway stores them: hashed.</summary>
    public static void AddKey(Dictionary<string, string?> settings, int index, string role, string key)
    {
        settings[$"Gateway:ApiKeys:{index}:Name"] = $"test-{role}";
        settings[$"Gateway:ApiKeys:{index}:Role"] = role;
        settings[$"Gateway:ApiKeys:{index}:Tenant"] = "test";
        settings[$"Gateway:ApiKeys:{index}:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
