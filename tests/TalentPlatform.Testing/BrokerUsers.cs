using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RabbitMQ.Client;

namespace TalentPlatform.Testing;

/// <summary>
/// Each service's own RabbitMQ user, with the rights <c>deploy/broker-permissions</c> gives it (the file
/// <c>./deploy/up</c> reads), under one platform's entity prefix; removed again on disposal.
/// </summary>
public sealed partial class BrokerUsers : IAsyncDisposable
{
    private readonly TestServers _servers;
    private readonly Dictionary<string, string> _uris = [];

    private BrokerUsers(TestServers servers) => _servers = servers;

    /// <summary>The rights of every service, as regular expressions for the given prefix.</summary>
    public IReadOnlyDictionary<string, (string Configure, string Write, string Read)> Permissions { get; private init; } =
        new Dictionary<string, (string, string, string)>();

    /// <summary>Creates the users of <paramref name="services"/> (one <c>rabbitmqctl import_definitions</c>) and waits until each can log in.</summary>
    public static async Task<BrokerUsers> CreateAsync(TestServers servers, string entityPrefix, params string[] services)
    {
        var permissions = Read(entityPrefix);
        var users = new BrokerUsers(servers) { Permissions = permissions };
        var broker = new Uri(servers.RabbitMq);
        var definitions = new { users = new List<object>(), permissions = new List<object>() };
        foreach (var service in services)
        {
            var user = $"{entityPrefix.TrimEnd('.')}-{service}";
            var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            var (configure, write, read) = permissions[service];
            definitions.users.Add(new { name = user, password_hash = Hash(password), hashing_algorithm = "rabbit_password_hashing_sha256", tags = "" });
            definitions.permissions.Add(new { user, vhost = "/", configure, write, read });
            users._uris[service] = new UriBuilder(broker) { UserName = Uri.EscapeDataString(user), Password = password }.Uri.ToString();
        }

        await servers.Broker.ImportDefinitionsAsync(JsonSerializer.Serialize(definitions));

        // The import is asynchronous: a user exists once it can log in.
        foreach (var uri in users._uris.Values)
        {
            await Eventually.UntilAsync(
                async token =>
                {
                    try
                    {
                        await using var connection = await new ConnectionFactory { Uri = new Uri(uri) }.CreateConnectionAsync(token);
                        return true;
                    }
                    catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException)
                    {
                        return false;
                    }
                },
                loggedIn => loggedIn,
                TimeSpan.FromSeconds(60),
                $"broker user of {uri[..uri.IndexOf(':', 7)]} to exist");
        }

        return users;
    }

    /// <summary>The amqp:// URI a service logs in with, as its own user.</summary>
    public string UriOf(string service) => _uris[service];

    public async ValueTask DisposeAsync() =>
        await Task.WhenAll(_uris.Values.Select(uri => _servers.Broker.RunAsync("delete_user", Uri.UnescapeDataString(new Uri(uri).UserInfo.Split(':')[0]))));

    /// <summary>deploy/broker-permissions, with <c>{prefix}</c> replaced by the prefix as a regular expression.</summary>
    public static Dictionary<string, (string Configure, string Write, string Read)> Read(string entityPrefix)
    {
        var prefix = Regex.Escape(entityPrefix);
        return File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "deploy", "broker-permissions"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => Fields().Split(line))
            .ToDictionary(
                fields => fields[0],
                fields => (fields[1].Replace("{prefix}", prefix, StringComparison.Ordinal), fields[2].Replace("{prefix}", prefix, StringComparison.Ordinal), fields[3].Replace("{prefix}", prefix, StringComparison.Ordinal)));
    }

    /// <summary>RabbitMQ's rabbit_password_hashing_sha256: base64(salt ‖ SHA-256(salt ‖ password)) with a 4-byte salt.</summary>
    private static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        return Convert.ToBase64String([.. salt, .. SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(password)])]);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Fields();
}
