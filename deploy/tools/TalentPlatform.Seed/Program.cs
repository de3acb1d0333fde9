using System.Globalization;

namespace TalentPlatform.Seed;

/// <summary>
/// <c>seed load &lt;folder&gt;</c> loads a data folder through the gateway; <c>seed generate …</c> makes a
/// synthetic market and loads it. The gateway and key come from TALENT_GATEWAY_URL and
/// TALENT_ANALYST_KEY (./deploy/up writes both to .local/credentials.env).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine("""
                Usage:
                  seed load <folder>                        load every *.json of a data folder, in name order
                  seed generate [--seed 42] [--organizations 200] [--people 2000] [--moves 3000]
                                [--deals 1000] [--observations 100000] [--batch 5000]
                                                            make a synthetic market and load it as imports
                                                            (one streamed upload per kind, each with a progress
                                                            bar showing its rate and time left)
                Environment: TALENT_GATEWAY_URL, TALENT_ANALYST_KEY (from .local/credentials.env).
                Loading again adds nothing: every request carries an Idempotency-Key.
                """);
            return 0;
        }

        var gatewayUrl = Environment.GetEnvironmentVariable("TALENT_GATEWAY_URL");
        var key = Environment.GetEnvironmentVariable("TALENT_ANALYST_KEY");
        if (string.IsNullOrWhiteSpace(gatewayUrl) || string.IsNullOrWhiteSpace(key))
        {
            Console.Error.WriteLine("TALENT_GATEWAY_URL and TALENT_ANALYST_KEY are not set: source .local/credentials.env (written by ./deploy/up).");
            return 2;
        }

        using var gateway = new HttpClient { BaseAddress = new Uri(gatewayUrl), Timeout = TimeSpan.FromMinutes(5) };
        gateway.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        switch (args[0])
        {
            case "load" when args.Length == 2:
                var files = References.ReadFolder(args[1]);
                Console.WriteLine($"Loading {files.Sum(file => file.Requests.Count)} requests from {files.Count} files of {args[1]} into {gatewayUrl}");
                var result = await new Loader(gateway, Progress.ForConsole()).LoadAsync([.. files.SelectMany(file => file.Requests)], cancel.Token);
                return Report(result);
            case "generate":
                var options = Options(args.Skip(1).ToArray());
                return Report(await new SyntheticMarket(gateway, Progress.ForConsole(), options).LoadAsync(cancel.Token));
            default:
                Console.Error.WriteLine($"Unknown command '{string.Join(' ', args)}'; see seed --help.");
                return 2;
        }
    }

    private static int Report(LoadResult result)
    {
        Console.WriteLine(
            $"{result.Sent:N0} requests or rows in {result.Elapsed.TotalSeconds:N1} s ({result.Sent / Math.Max(result.Elapsed.TotalSeconds, 0.001):N0}/s): " +
            $"{result.Created:N0} created, {result.Replayed:N0} already there, {result.Failures.Count:N0} failed");
        foreach (var failure in result.Failures)
        {
            Console.WriteLine($"  FAILED {failure.Key}: {failure.Method} {failure.Path} → {failure.Status}: {failure.Problem}");
        }

        return result.Failures.Count == 0 ? 0 : 1;
    }

    private static MarketSize Options(string[] args)
    {
        int Value(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new MarketSize(
            Value("--seed", 42),
            Value("--organizations", 200),
            Value("--people", 2_000),
            Value("--moves", 3_000),
            Value("--deals", 1_000),
            Value("--observations", 100_000),
            Value("--batch", 5_000));
    }
}
