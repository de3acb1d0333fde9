using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Security.Tests;

/// <summary>
/// The gateway's identity key is replaced while the platform serves, as an operator does it: the new public
/// key is given to the services, then the new private key to the gateway, then the old public key is taken
/// away. No request fails meanwhile, and afterwards a token signed with the old key is refused.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class KeyRotationTests(TestPlatform platform)
{
    [Fact]
    public async Task The_identity_key_rotates_without_a_failed_request_and_the_old_key_is_refused_afterwards()
    {
        var keys = platform.Keys;
        var old = keys.Gateway.ECDsa;
        var next = TestKeys.NewKey();
        var nextKeyId = PlatformKeys.Thumbprint(next);
        var rotated = false;

        using var analyst = platform.Analyst();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var traffic = Task.Run(async () =>
        {
            var answers = new List<HttpStatusCode>();
            while (!stop.IsCancellationRequested && answers.Count < 20_000)
            {
                using var answer = await analyst.GetAsync("/api/deals?pageSize=1", CancellationToken.None);
                answers.Add(answer.StatusCode);
            }

            return answers;
        });

        try
        {
            // 1. The services accept the new key beside the old one.
            keys.PublishGatewayKeys(old, next);
            await UntilEveryServiceAnswersAsync(Sign(next), HttpStatusCode.OK, "the services to accept the new key");
            await UntilEveryServiceAnswersAsync(Sign(old), HttpStatusCode.OK, "the services to accept the old key still");

            // 2. The gateway signs with the new key.
            keys.SignGatewayIdentitiesWith(next);
            await Eventually.UntilAsync(
                _ => Task.FromResult(platform.Gateway.Services.GetRequiredService<SigningKeyFile>().Key.KeyId),
                keyId => keyId == nextKeyId,
                TimeSpan.FromSeconds(30),
                "the gateway to sign with the new key");

            // 3. Once no token signed with the old key can be in flight, the old key goes.
            keys.PublishGatewayKeys(next);
            await UntilEveryServiceAnswersAsync(Sign(old), HttpStatusCode.Unauthorized, "the services to refuse the old key");
            rotated = true;
        }
        finally
        {
            if (!rotated)
            {
                // Leave the platform usable for the other attacks whatever happened.
                keys.PublishGatewayKeys(old, next);
            }

            await stop.CancelAsync();
        }

        var answers = await traffic;
        Assert.True(answers.Count > 0, "no request went through the gateway during the rotation");
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        using var after = await analyst.GetAsync("/api/deals?pageSize=1");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static string Sign(ECDsa key) => GatewayIdentity.Issue(PlatformKeys.Named(key), "rotation-test", Roles.Analyst, "test", DateTimeOffset.UtcNow);

    private async Task UntilEveryServiceAnswersAsync(string token, HttpStatusCode expected, string what)
    {
        foreach (var address in new[] { platform.Deals.Address, platform.People.Address, platform.Compensation.Address, platform.Insights.Address })
        {
            using var direct = new HttpClient { BaseAddress = address };
            await Eventually.UntilAsync(
                async cancellation =>
                {
                    using var probe = new HttpRequestMessage(HttpMethod.Get, PathOf(address));
                    probe.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var answer = await direct.SendAsync(probe, cancellation);
                    return answer.StatusCode;
                },
                status => status == expected,
                TimeSpan.FromSeconds(30),
                $"{what} ({address})");
        }
    }

    private string PathOf(Uri address) =>
        address == platform.Deals.Address ? "/api/deals?pageSize=1"
        : address == platform.People.Address ? "/api/organizations?pageSize=1"
        : address == platform.Compensation.Address ? "/api/compensation/observations?pageSize=1"
        : "/api/insights/deals/league-table";
}
