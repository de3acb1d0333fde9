using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace TalentPlatform.Webhooks;

/// <summary>
/// Where webhooks may go (attack row S11, server-side request forgery): a public address over HTTPS, never
/// this machine, the cloud's metadata service or a private network. Checked when a subscription is created
/// (a precise 400, and no request is made) and again on every connection, against the address actually
/// connected to, so a name that later resolves elsewhere (DNS rebinding) is refused too. Redirects are never
/// followed. Hosts in <see cref="WebhookOptions.AllowedHosts"/> skip the address check (tests on loopback).
/// </summary>
public sealed class Destinations(IOptions<WebhookOptions> options)
{
    private static readonly IPNetwork[] NonPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.88.99.0/24"), IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/127"), IPNetwork.Parse("64:ff9b::/96"), IPNetwork.Parse("64:ff9b:1::/48"), IPNetwork.Parse("100::/64"),
        IPNetwork.Parse("2001::/23"), IPNetwork.Parse("2001:db8::/32"), IPNetwork.Parse("2002::/16"), IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("fec0::/10"), IPNetwork.Parse("ff00::/8"),
    ];

    private readonly IReadOnlySet<string> _allowed = options.Value.AllowedHostSet();

    public const int MaxUrlLength = 2048;

    /// <summary>Whether an address is on the public internet: IPv4-mapped IPv6 addresses are judged as the IPv4 they carry.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return !NonPublic.Any(network => network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address));
    }

    public bool IsAllowedHost(string host) => _allowed.Contains(host.Trim('[', ']'));

    /// <summary>Why <paramref name="url"/> may not receive webhooks, or null when it may. Resolves its host; sends nothing.</summary>
    public async Task<string?> RefusalAsync(string? url, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "The URL to deliver to is required.";
        }

        if (url.Length > MaxUrlLength || !Text.IsAllowed(url))
        {
            return $"An absolute http(s) URL of at most {MaxUrlLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "An absolute http(s) URL.";
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return "The URL may carry neither credentials nor a fragment.";
        }

        if (IsAllowedHost(uri.Host))
        {
            return null;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return "HTTPS is required.";
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, timeout.Token);
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return $"The host {uri.Host} does not resolve.";
            }
        }

        var refused = addresses.FirstOrDefault(address => !IsPublic(address));
        return addresses.Length == 0
            ? $"The host {uri.Host} does not resolve."
            : refused is not null
                ? $"The host {uri.Host} resolves to {refused}, which is not a public address (loopback, link-local, private or reserved)."
                : null;
    }

    /// <summary>
    /// Connects to the host's first public address — or to any, for an allowed host — and refuses the
    /// connection otherwise: the check made when the subscription was created, made again on the address used.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = IsAllowedHost(host) ? addresses : [.. addresses.Where(IsPublic)];
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"The host {host} resolves to no public address; nothing was sent.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
