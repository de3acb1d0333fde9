using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TalentPlatform.Seed;

/// <param name="Seed">The same seed makes the same market, request for request.</param>
/// <param name="Observations">Market pay reports, sent as one import (made in groups of <paramref name="Batch"/>).</param>
public sealed record MarketSize(int Seed, int Organizations, int People, int Moves, int Deals, int Observations, int Batch);

/// <summary>
/// A synthetic AI talent market, deterministic from its seed: organizations (some with parents), people
/// with a first job, moves between organizations, deals with heavy-tailed values, and pay reports drawn
/// log-normally around a median by level and country. Every request has a key derived from the seed,
/// so loading the same market twice adds nothing.
/// </summary>
public sealed partial class SyntheticMarket(HttpClient gateway, Progress progress, MarketSize size)
{
    private static readonly string[] Kinds = ["big-tech", "ai-lab", "startup", "startup", "startup", "university", "research-institute"];
    private static readonly string[] Roles = ["ml-engineer", "research-scientist", "data-scientist", "ml-ops-engineer", "ai-product-manager"];
    private static readonly string[] DealTypes = ["acquisition", "acquisition", "acquihire", "minority-stake", "majority-stake", "licence-and-hire", "merger"];
    private static readonly string[] Syllables = ["ka", "ri", "to", "mi", "sa", "lu", "ne", "vo", "da", "el", "an", "jo", "mar", "lin", "chen", "ola", "ravi", "sun", "ami", "ter"];

    /// <summary>Median annual base in USD by level, before the country's factor.</summary>
    private static readonly (string Level, decimal Median, double Weight)[] Levels =
    [
        ("junior", 110_000m, 0.20), ("mid", 150_000m, 0.30), ("senior", 210_000m, 0.28), ("staff", 280_000m, 0.12),
        ("principal", 350_000m, 0.06), ("director", 420_000m, 0.04),
    ];

    /// <summary>Country, pay relative to the US, local currency, local units per USD (rounded, for generating only).</summary>
    private static readonly (string Country, decimal Factor, string Currency, decimal PerUsd, double Weight)[] Countries =
    [
        ("US", 1.00m, "USD", 1m, 0.40), ("GB", 0.62m, "GBP", 0.78m, 0.15), ("DE", 0.55m, "EUR", 0.92m, 0.10), ("FR", 0.50m, "EUR", 0.92m, 0.07),
        ("CA", 0.72m, "CAD", 1.37m, 0.08), ("IN", 0.16m, "INR", 83.7m, 0.10), ("CH", 0.95m, "CHF", 0.88m, 0.05), ("JP", 0.55m, "JPY", 151m, 0.05),
    ];

    /// <summary>
    /// Loads the market as imports, in the order it is made: organizations, then people (whose ids, read back
    /// from the import's records by line, the employment and moves rows name as <c>personId</c>), employment,
    /// moves, deals and the pay reports, each one streamed upload with a progress bar. The pay reports are made
    /// while they are sent, never held whole.
    /// </summary>
    public Task<LoadResult> LoadAsync(CancellationToken cancellationToken) => progress.RunAsync(async () =>
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var requests = Requests().GetEnumerator();
        var next = requests.MoveNext() ? requests.Current : null;

        IEnumerable<SeedRequest> While(Func<SeedRequest, bool> belongs)
        {
            while (next is not null && belongs(next))
            {
                yield return next;
                next = requests.MoveNext() ? requests.Current : null;
            }
        }

        var importer = new Importer(gateway, progress);
        var prefix = $"seed:gen-{size.Seed}";
        var organizations = While(request => request.Path == OrganizationsPath).Select(request => request.Body!).ToList();
        var personal = While(request => request.Path != DealsPath && request.Path != PayPath).ToList();
        var results = new List<LoadResult>();

        var (orgs, _) = await importer.ImportAsync("organizations", $"{prefix}:organizations:{organizations.Count}", organizations, organizations.Count, "organizations (import)", cancellationToken);
        results.Add(orgs);

        var people = personal.Where(request => request.Path == PeoplePath).ToList();
        var (registered, peopleImport) = await importer.ImportAsync("people", $"{prefix}:people:{people.Count}", people.Select(request => request.Body!), people.Count, "people (import)", cancellationToken);
        results.Add(registered);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        if (peopleImport is not null)
        {
            // NDJSON has no header: line n is the n-th person.
            foreach (var (line, id) in await importer.RecordsAsync(peopleImport, cancellationToken))
            {
                ids[people[(int)line - 1].Key] = id;
            }
        }

        foreach (var what in new[] { "employment", "moves" })
        {
            var rows = personal
                .Select(request => (Match: PersonRoute().Match(request.Path), request.Body))
                .Where(row => row.Match.Success && row.Match.Groups["what"].Value == what && ids.ContainsKey(row.Match.Groups["key"].Value))
                .Select(row =>
                {
                    var body = row.Body!.DeepClone().AsObject();
                    body["personId"] = ids[row.Match.Groups["key"].Value];
                    return (JsonNode)body;
                })
                .ToList();
            var (done, _) = await importer.ImportAsync(what, $"{prefix}:{what}:{rows.Count}", rows, rows.Count, $"{what} (import)", cancellationToken);
            results.Add(done);
        }

        var (deals, _) = await importer.ImportAsync(
            "deals", $"{prefix}:deals:{size.Deals}", While(request => request.Path == DealsPath).Select(request => request.Body!), size.Deals, "deals (import)", cancellationToken);
        results.Add(deals);
        // A replayed import never asked for its rows: pass over any it left unmade.
        foreach (var _ in While(request => request.Path == DealsPath))
        {
        }

        var (pay, _) = await importer.ImportAsync(
            "pay-reports",
            $"{prefix}:pay-reports:{size.Observations}",
            While(request => request.Path == PayPath).SelectMany(request => request.Body!["rows"]!.AsArray()).OfType<JsonNode>(),
            size.Observations,
            "pay reports (import)",
            cancellationToken);
        results.Add(pay);
        return LoadResult.Sum(clock.Elapsed, [.. results]);
    });

    private const string OrganizationsPath = "/api/organizations";
    private const string PeoplePath = "/api/people";
    private const string PayPath = "/api/compensation/observations/batch";

    [GeneratedRegex(@"^/api/people/\{(?<key>[^}]+)\}/(?<what>employment|moves)$")]
    private static partial Regex PersonRoute();

    private const string DealsPath = "/api/deals";

    public IEnumerable<SeedRequest> Requests()
    {
        var random = new Random(size.Seed);
        var prefix = $"gen-{size.Seed}";
        var slugs = new List<string>(size.Organizations);
        for (var i = 0; i < size.Organizations; i++)
        {
            var slug = $"{prefix}-org-{i}";
            var parent = i > 10 && random.NextDouble() < 0.1 ? slugs[random.Next(slugs.Count)] : null;
            slugs.Add(slug);
            yield return Post($"{prefix}:org:{i}", OrganizationsPath, new JsonObject
            {
                ["slug"] = slug,
                ["name"] = $"{Name(random)} {(random.NextDouble() < 0.5 ? "AI" : "Labs")}",
                ["kind"] = Kinds[random.Next(Kinds.Length)],
                ["parent"] = parent,
            });
        }

        var employer = new string[size.People];
        var since = new DateOnly[size.People];
        for (var i = 0; i < size.People; i++)
        {
            yield return Post($"{prefix}:person:{i}", PeoplePath, new JsonObject
            {
                ["name"] = $"{Name(random)} {Name(random)}",
                ["country"] = Pick(random, Countries, country => country.Weight).Country,
                ["expertise"] = new JsonArray(Roles[random.Next(Roles.Length)]),
            });
            employer[i] = slugs[random.Next(slugs.Count)];
            since[i] = new DateOnly(2012 + random.Next(12), 1 + random.Next(12), 1);
            yield return Post($"{prefix}:employment:{i}", $"/api/people/{{{prefix}:person:{i}}}/employment", new JsonObject
            {
                ["organization"] = employer[i],
                ["title"] = "Engineer",
                ["start"] = since[i].ToString("yyyy-MM", CultureInfo.InvariantCulture),
            });
        }

        for (var i = 0; i < size.Moves && size.People > 0 && slugs.Count > 1; i++)
        {
            var person = random.Next(size.People);
            var to = slugs[random.Next(slugs.Count)];
            while (to == employer[person])
            {
                to = slugs[random.Next(slugs.Count)];
            }

            var on = since[person].AddDays(30 + random.Next(400));
            on = on > new DateOnly(2025, 10, 31) ? new DateOnly(2025, 10, 31) : on;
            yield return Post($"{prefix}:move:{i}", $"/api/people/{{{prefix}:person:{person}}}/moves", new JsonObject
            {
                ["from"] = employer[person],
                ["to"] = to,
                ["on"] = on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["source"] = Source(random, on),
            });
            (employer[person], since[person]) = (to, on);
        }

        for (var i = 0; i < size.Deals && slugs.Count > 1; i++)
        {
            var acquirer = slugs[random.Next(Math.Max(1, slugs.Count / 5))];
            var target = slugs[random.Next(slugs.Count)];
            if (target == acquirer)
            {
                continue;
            }

            var announced = new DateOnly(2023, 1, 1).AddDays(random.Next(1000));
            yield return Post($"{prefix}:deal:{i}", DealsPath, new JsonObject
            {
                ["type"] = DealTypes[random.Next(DealTypes.Length)],
                ["acquirer"] = acquirer,
                ["target"] = target,
                ["status"] = "announced",
                ["announcedOn"] = announced.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                // Heavy tail: a log-normal around $40M with a wide spread, so a few deals dwarf the rest.
                ["value"] = new JsonObject { ["amount"] = Round(LogNormal(random, 40_000_000, 1.8), 100_000m), ["currency"] = random.NextDouble() < 0.85 ? "USD" : "EUR" },
                ["source"] = Source(random, announced),
            });
        }

        for (var start = 0; start < size.Observations; start += size.Batch)
        {
            var rows = new JsonArray();
            for (var i = start; i < Math.Min(start + size.Batch, size.Observations); i++)
            {
                rows.Add(Observation(random));
            }

            yield return Post($"{prefix}:observations:{start}:{size.Batch}", PayPath, new JsonObject { ["rows"] = rows });
        }
    }

    private static JsonObject Observation(Random random)
    {
        var level = Pick(random, Levels, level => level.Weight);
        var country = Pick(random, Countries, country => country.Weight);
        var annualUsd = LogNormal(random, (double)(level.Median * country.Factor), 0.25);
        var local = annualUsd * (double)country.PerUsd;
        var observed = new DateOnly(2024, 1, 1).AddDays(random.Next(640));
        return new JsonObject
        {
            ["role"] = Roles[random.Next(Roles.Length)],
            ["level"] = level.Level,
            ["location"] = new JsonObject { ["country"] = country.Country },
            ["currency"] = country.Currency,
            ["period"] = "annual",
            ["kind"] = "point",
            ["components"] = new JsonObject
            {
                ["base"] = new JsonObject { ["amount"] = Round(local, 100m) },
                ["bonus"] = new JsonObject { ["amount"] = Round(local * (0.05 + (random.NextDouble() * 0.15)), 100m) },
            },
            ["observedOn"] = observed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["source"] = new JsonObject
            {
                ["publisher"] = "TalentPlatform synthetic market",
                ["publishedOn"] = observed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["attribution"] = "estimate",
                ["status"] = "reported",
            },
        };
    }

    private static JsonObject Source(Random random, DateOnly on) => new()
    {
        ["publisher"] = "TalentPlatform synthetic market",
        ["publishedOn"] = on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["attribution"] = random.NextDouble() < 0.6 ? "anonymous-source" : "company-statement",
        ["status"] = random.NextDouble() < 0.8 ? "reported" : "confirmed",
    };

    private static SeedRequest Post(string key, string path, JsonObject body) => new(key, "POST", path, body);

    private static string Name(Random random) =>
        CultureInfo.InvariantCulture.TextInfo.ToTitleCase(string.Concat(Enumerable.Range(0, 2 + random.Next(2)).Select(_ => Syllables[random.Next(Syllables.Length)])));

    /// <summary>exp(N(ln median, σ)): a log-normal with the given median.</summary>
    private static double LogNormal(Random random, double median, double sigma)
    {
        var normal = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
        return median * Math.Exp(sigma * normal);
    }

    private static decimal Round(double value, decimal step) => Math.Max(step, decimal.Round((decimal)value / step) * step);

    private static T Pick<T>(Random random, IReadOnlyList<T> items, Func<T, double> weight)
    {
        var roll = random.NextDouble() * items.Sum(weight);
        foreach (var item in items)
        {
            roll -= weight(item);
            if (roll <= 0)
            {
                return item;
            }
        }

        return items[^1];
    }
}
