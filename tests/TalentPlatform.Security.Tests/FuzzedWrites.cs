using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPlatform.ServiceDefaults.Security;
using Xunit.Abstractions;

namespace TalentPlatform.Security.Tests;

/// <summary>
/// A platform of its own for the fuzzer: the bodies it sends that are valid are recorded (FX rates among
/// them, which start rebuilds), and no other test should see them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzCollection : ICollectionFixture<TestPlatform>
{
    public const string Name = "fuzz";
}

/// <summary>
/// Every write route of every service, through the gateway, with valid bodies mutated by a seeded mutator (members
/// dropped, wrong types, huge numbers, control characters, unicode, very long strings, nested junk, broken JSON,
/// junk headers). No answer may be a 5xx; every 4xx is a problem; a refused request stores nothing. Bounded by
/// <see cref="Budget"/> and <see cref="MaxRequestsPerRoute"/>; the seed is printed (and taken from
/// <c>TALENT_FUZZ_SEED</c>), so a failure reproduces.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed partial class FuzzedWrites(TestPlatform platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);
    private const int MaxRequestsPerRoute = 60;

    private const string Source = """{"publisher":"The Information","url":"https://example.com/a","publishedOn":"2025-06-12","attribution":"anonymous-source","status":"reported"}""";

    [Fact]
    public async Task Mutated_bodies_on_every_write_route_are_never_a_5xx_and_a_refusal_stores_nothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("TALENT_FUZZ_SEED"), CultureInfo.InvariantCulture, out var given)
            ? given
            : Random.Shared.Next();
        output.WriteLine($"fuzz seed {seed} (TALENT_FUZZ_SEED={seed} reproduces it)");
        var random = new Random(seed);

        var targets = await PrepareAsync();
        var routes = Routes().ToList();
        var seeded = routes.Where(route => !Excluded.Contains(route.Key)).ToList();
        var missing = seeded.Where(route => !Seeds.ContainsKey(route.Key)).Select(route => route.Key).ToList();
        Assert.True(missing.Count == 0, $"write routes without a valid body to mutate (add one to {nameof(Seeds)}): {string.Join(", ", missing)}");

        // DELETE last: once the subscription is gone, the other webhook routes only see 404s.
        seeded = [.. seeded.OrderBy(route => route.Method == "DELETE").ThenBy(route => route.Key, StringComparer.Ordinal)];
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var sent = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < seeded.Count; i++)
        {
            var route = seeded[i];
            var slotEnd = Budget * (i + 1) / seeded.Count;
            var path = Fill(route.Pattern, targets);
            var role = Policies.RolesOf[route.Policy][0];
            using var client = ClientFor(role);
            for (var n = 0; n < MaxRequestsPerRoute && clock.Elapsed < slotEnd; n++)
            {
                var (body, headers, mutation) = Mutate(Seeds[route.Key](targets), random);
                var before = await FingerprintAsync(route.Service);
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), path)
                {
                    Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
                };
                foreach (var (name, value) in headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                using var response = await client.SendAsync(request);
                var answer = await response.Content.ReadAsStringAsync();
                sent++;
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                var what = $"{route.Method} {path} [{mutation}] {Shorten(Encoding.UTF8.GetString(body))} → {status} {Shorten(answer)}";
                if (status >= 500)
                {
                    failures.Add($"5xx: {what}");
                }
                else if (status >= 400)
                {
                    if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        failures.Add($"4xx without a problem body: {what}");
                    }

                    var after = await FingerprintAsync(route.Service);
                    if (after != before)
                    {
                        failures.Add($"refused but stored ({before} → {after}): {what}");
                    }
                }
            }
        }

        output.WriteLine($"{sent} requests on {seeded.Count} routes in {clock.Elapsed.TotalSeconds:0.0} s; answers: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        foreach (var failure in failures.Take(50))
        {
            output.WriteLine(failure);
        }

        Assert.True(sent >= seeded.Count, $"only {sent} requests were sent");
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} bad answers, the first: {string.Join("\n", failures.Take(5))}");
    }

    /// <summary>Imports take a streamed upload rather than a body; their bad rows are tested by the import tests.</summary>
    private static readonly HashSet<string> Excluded = ["POST /api/imports"];

    private sealed record Targets(Guid Deal, string Organization, string OtherOrganization, Guid Person, Guid Offer, Guid Subscription);

    private static readonly Dictionary<string, Func<Targets, string>> Seeds = new()
    {
        ["POST /api/deals"] = _ => """{"type":"minority-stake","acquirer":"meta","target":"scale-ai","value":{"amount":14000000000,"currency":"USD"},"stakePercent":49,"source":SOURCE,"announcedOn":"2025-06-12","status":"announced"}""",
        ["POST /api/deals/{id:guid}/announce"] = _ => """{"announcedOn":"2025-07-11"}""",
        ["POST /api/deals/{id:guid}/close"] = _ => """{"closedOn":"2025-08-01"}""",
        ["POST /api/deals/{id:guid}/cancel"] = _ => """{"cancelledOn":"2025-08-01","reason":"regulators"}""",
        ["POST /api/deals/{id:guid}/terms"] = _ => """{"value":{"amount":2400000000,"currency":"USD"},"stakePercent":10,"source":SOURCE}""",
        ["POST /api/deals/{id:guid}/talent"] = t => $$"""{"personId":"{{t.Person}}","role":"CEO"}""",
        ["POST /api/organizations"] = _ => """{"slug":"fuzz-lab","name":"Fuzz Lab","kind":"ai-lab","aliases":["FL"],"parent":null}""",
        ["POST /api/organizations/{slug}/aliases"] = _ => """{"alias":"Fuzzy"}""",
        ["PUT /api/organizations/{slug}/parent"] = t => $$"""{"parent":"{{t.OtherOrganization}}"}""",
        ["POST /api/people"] = _ => """{"name":"Ada Fuzz","headline":"researcher","country":"GB","expertise":["rl","vision"]}""",
        ["POST /api/people/{id:guid}/employment"] = t => $$"""{"organization":"{{t.OtherOrganization}}","title":"Researcher","start":"2019-03","end":"2021","source":SOURCE}""",
        ["POST /api/people/{id:guid}/moves"] = t => $$"""{"from":"{{t.Organization}}","to":"{{t.OtherOrganization}}","title":"Chief Scientist","on":"2025-07-11","source":SOURCE}""",
        ["POST /api/talent-moves/group"] = t => $$"""{"from":"{{t.Organization}}","to":"{{t.OtherOrganization}}","count":20,"countIsMinimum":true,"on":"2025-07","source":SOURCE}""",
        ["POST /api/compensation/observations"] = _ => Observation,
        ["POST /api/compensation/observations/batch"] = _ => $$"""{"rows":[{{Observation}},{{Observation}}]}""",
        ["POST /api/compensation/offers"] = _ => """{"organization":"meta","candidate":{"name":"Matt Deitke"},"currency":"USD","extendedOn":"2025-07-28","package":{"signOn":1000000,"base":500000,"total":250000000,"schedule":[{"year":1,"amount":62500000}],"upTo":false},"source":SOURCE}""",
        ["POST /api/compensation/offers/{id:guid}/outcome"] = _ => """{"outcome":"accepted","source":SOURCE}""",
        ["POST /api/compensation/submissions"] = _ => Submission,
        ["POST /api/compensation/submissions/batch"] = _ => $$"""{"rows":[{{Submission}},{{Submission}}]}""",
        ["POST /api/insights/reference/fx-rates"] = _ => """{"currency":"GBP","usdPerUnit":1.27,"on":"2025-06-30","source":SOURCE}""",
        ["POST /api/insights/reference/model-training-costs"] = _ => """{"model":"GPT-4","organization":"openai","year":2023,"cost":{"amount":79000000,"currency":"USD"},"source":SOURCE}""",
        ["POST /api/insights/admin/rebuilds"] = _ => """{"reason":"fuzz"}""",
        ["POST /api/webhooks"] = _ => """{"url":"http://127.0.0.1:9/hooks","events":["deal.announced","deal.closed"],"filter":{"organization":"meta"},"description":"fuzz"}""",
        ["POST /api/webhooks/{id:guid}/pause"] = _ => "{}",
        ["POST /api/webhooks/{id:guid}/resume"] = _ => "{}",
        ["POST /api/webhooks/{id:guid}/rotate-secret"] = _ => "{}",
        ["POST /api/webhooks/{id:guid}/deliveries/{deliveryId}/redeliver"] = _ => "{}",
        ["POST /api/webhooks/{id:guid}/replay"] = _ => """{"since":"2026-01-01T00:00:00Z"}""",
        ["DELETE /api/webhooks/{id:guid}"] = _ => "{}",
    };

    private const string Observation = """
        {"role":"ml-engineer","level":"senior","location":{"country":"GB","city":"London"},"organization":"deepmind","currency":"GBP","period":"annual","kind":"range","components":{"base":{"min":140000,"max":300000},"bonus":{"amount":20000}},"sampleSize":12,"observedOn":"2025-07-01","source":SOURCE}
        """;

    private const string Submission = """
        {"role":"ml-engineer","level":"senior","location":{"country":"GB","city":"London"},"currency":"GBP","period":"annual","components":{"base":{"amount":185000}},"effectiveOn":"2025-04-01"}
        """;

    private IEnumerable<(string Key, string Service, string Method, string Pattern, string Policy)> Routes()
    {
        foreach (var (service, provider) in new (string, IServiceProvider)[]
        {
            ("deals", platform.Deals.Services), ("people", platform.People.Services), ("compensation", platform.Compensation.Services),
            ("insights", platform.Insights.Services), ("webhooks", platform.Webhooks.Services),
        })
        {
            foreach (var route in Policies.WriteRoutes(provider.GetRequiredService<EndpointDataSource>().Endpoints))
            {
                var pattern = "/" + route.Pattern.TrimStart('/');
                yield return ($"{route.Method} {pattern}", service, route.Method, pattern, route.Policies.Single());
            }
        }
    }

    /// <summary>Things the routes act on, so mutated bodies reach the decisions and not only a 404.</summary>
    private async Task<Targets> PrepareAsync()
    {
        using var analyst = platform.Analyst();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var organization = $"fuzz-from-{suffix}";
        var other = $"fuzz-to-{suffix}";
        foreach (var slug in new[] { organization, other })
        {
            using var registered = await analyst.PostJsonAsync("/api/organizations", $$"""{"slug":"{{slug}}","name":"{{slug}}","kind":"ai-lab"}""");
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        var person = await analyst.PostJsonAsync("/api/people", """{"name":"Fuzz Person"}""").CreatedIdAsync();
        using (var employed = await analyst.PostJsonAsync($"/api/people/{person}/employment", $$"""{"organization":"{{organization}}","start":"2016"}"""))
        {
            Assert.True(employed.IsSuccessStatusCode, await employed.Content.ReadAsStringAsync());
        }

        var deal = await analyst.PostJsonAsync("/api/deals", """{"type":"acquihire","acquirer":"google","target":"windsurf","status":"rumoured"}""").CreatedIdAsync();
        var offer = await analyst.PostJsonAsync("/api/compensation/offers", Seeds["POST /api/compensation/offers"](null!).Replace("SOURCE", Source, StringComparison.Ordinal)).CreatedIdAsync();
        using var customer = platform.Customer();
        Guid subscription;
        using (var subscribed = await customer.PostJsonAsync("/api/webhooks", """{"url":"http://127.0.0.1:9/hooks","events":["deal.closed"]}"""))
        {
            Assert.True(subscribed.StatusCode == HttpStatusCode.Created, await subscribed.Content.ReadAsStringAsync());
            subscription = Guid.Parse(subscribed.Headers.Location!.OriginalString.Split('/')[^1]);
        }

        return new Targets(deal, organization, other, person, offer, subscription);
    }

    private HttpClient ClientFor(string role) => role switch
    {
        Roles.Analyst => platform.Analyst(),
        Roles.Customer => platform.Customer(),
        Roles.Admin => platform.Admin(),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    private static string Fill(string pattern, Targets targets) => Parameter().Replace(pattern, match => match.Groups["name"].Value switch
    {
        "slug" => targets.Organization,
        "deliveryId" => Guid.NewGuid().ToString(),
        "id" when pattern.StartsWith("/api/deals", StringComparison.Ordinal) => targets.Deal.ToString(),
        "id" when pattern.StartsWith("/api/people", StringComparison.Ordinal) => targets.Person.ToString(),
        "id" when pattern.StartsWith("/api/compensation/offers", StringComparison.Ordinal) => targets.Offer.ToString(),
        "id" when pattern.StartsWith("/api/webhooks", StringComparison.Ordinal) => targets.Subscription.ToString(),
        _ => Guid.NewGuid().ToString(),
    });

    [GeneratedRegex(@"\{\*{0,2}(?<name>[^}:=?]+)(?<constraint>[^}]*)\}")]
    private static partial Regex Parameter();

    /// <summary>
    /// What a refused request must leave as it was, per service: the events and streams of the services whose
    /// stores only commands write, and the documents the commands of Insights and Webhooks write (their
    /// consumers keep writing events and deliveries meanwhile, so those are not counted).
    /// </summary>
    private async Task<string> FingerprintAsync(string service)
    {
        var (login, sql) = service switch
        {
            "deals" => (platform.Deals.Login!, CommandStore),
            "people" => (platform.People.Login!, CommandStore),
            "compensation" => (platform.Compensation.Login!, CommandStore),
            "insights" => (platform.Insights.Login!, Documents("mt_doc_fxrate", "mt_doc_modeltrainingcost", "mt_doc_idempotentresponse")),
            "webhooks" => (platform.Webhooks.Login!, Documents("mt_doc_subscription", "mt_doc_idempotentresponse")),
            _ => throw new ArgumentOutOfRangeException(nameof(service), service, null),
        };
        await using var connection = new NpgsqlConnection(login.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private const string CommandStore = """
        select concat_ws(' ', (select count(*) from mt_events), (select count(*) from mt_streams),
                         (select count(*) from mt_doc_idempotentresponse))
        """;

    private static string Documents(params string[] tables) =>
        "select concat_ws(' ', " + string.Join(", ", tables.Select(table => $"(select count(*) || '@' || coalesce(max(mt_last_modified)::text, '-') from {table})")) + ")";

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + $"…({text.Length} chars)";

    // ---- the mutator -----------------------------------------------------------------------------------

    /// <summary>A valid body with one to three mutations, sometimes with junk headers; returns what was done.</summary>
    private static (byte[] Body, List<(string Name, string Value)> Headers, string Mutation) Mutate(string valid, Random random)
    {
        var json = valid.Replace("SOURCE", Source, StringComparison.Ordinal).Trim();
        var headers = new List<(string, string)>();
        var done = new List<string>();
        if (random.Next(10) == 0)
        {
            var (name, value) = JunkHeaders[random.Next(JunkHeaders.Length)];
            headers.Add((name, value));
            done.Add($"header {name}");
        }

        if (random.Next(12) == 0)
        {
            var whole = WholeBodies[random.Next(WholeBodies.Length)];
            done.Add("whole body");
            return (whole(json), headers, string.Join(", ", done));
        }

        var root = JsonNode.Parse(json)!;
        var raws = new List<string>();
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            done.Add(MutateOnce(root, random, raws));
        }

        var text = root.ToJsonString(Unescaped);
        for (var i = 0; i < raws.Count; i++)
        {
            text = text.Replace($"\"@@raw{i}@@\"", raws[i], StringComparison.Ordinal);
        }

        return (Encoding.UTF8.GetBytes(text), headers, string.Join(", ", done));
    }

    /// <summary>Unicode sent as UTF-8 rather than escaped, as most clients send it; control characters stay escaped, as JSON requires.</summary>
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string MutateOnce(JsonNode root, Random random, List<string> raws)
    {
        var nodes = Descendants(root).ToList();
        var (parent, key, node) = nodes[random.Next(nodes.Count)];
        switch (random.Next(4))
        {
            case 0 when parent is JsonObject members:
                members.Remove(key!);
                return $"dropped {key}";
            case 1 when parent is not null:
                {
                    var (junk, what) = Junk(random, raws);
                    Replace(parent, key, node, junk);
                    return $"{key ?? "item"} = {what}";
                }

            case 2 when node is JsonObject target:
                {
                    var (junk, what) = Junk(random, raws);
                    target[random.Next(2) == 0 ? "unexpected" : "id"] = junk;
                    return $"added member = {what}";
                }

            default:
                {
                    // A string made hostile where it is: control characters, unicode, length.
                    var strings = nodes.Where(entry => entry.Node is JsonValue value && value.TryGetValue<string>(out _)).ToList();
                    if (strings.Count == 0)
                    {
                        return "nothing";
                    }

                    var (p, k, n) = strings[random.Next(strings.Count)];
                    var text = n!.GetValue<string>();
                    var (hostile, what) = HostileStrings[random.Next(HostileStrings.Length)];
                    Replace(p!, k, n, JsonValue.Create(hostile(text)));
                    return $"{k ?? "item"} {what}";
                }
        }
    }

    private static void Replace(JsonNode parent, string? key, JsonNode? node, JsonNode? with)
    {
        if (parent is JsonObject members)
        {
            members[key!] = with;
        }
        else if (parent is JsonArray items)
        {
            items[items.IndexOf(node)] = with;
        }
    }

    private static IEnumerable<(JsonNode? Parent, string? Key, JsonNode? Node)> Descendants(JsonNode root)
    {
        yield return (null, null, root);
        var stack = new Stack<JsonNode>([root]);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current is JsonObject members)
            {
                foreach (var (key, value) in members.ToList())
                {
                    yield return (current, key, value);
                    if (value is not null)
                    {
                        stack.Push(value);
                    }
                }
            }
            else if (current is JsonArray items)
            {
                foreach (var item in items.ToList())
                {
                    yield return (current, null, item);
                    if (item is not null)
                    {
                        stack.Push(item);
                    }
                }
            }
        }
    }

    private static (JsonNode? Node, string What) Junk(Random random, List<string> raws)
    {
        JsonNode Raw(string text)
        {
            raws.Add(text);
            return JsonValue.Create($"@@raw{raws.Count - 1}@@");
        }

        return random.Next(24) switch
        {
            0 => (null, "null"),
            1 => (JsonValue.Create(true), "true"),
            2 => (JsonValue.Create(0), "0"),
            3 => (JsonValue.Create(-1), "-1"),
            4 => (Raw("1e308"), "1e308"),
            5 => (Raw("-1e308"), "-1e308"),
            6 => (Raw("1e400"), "1e400"),
            7 => (Raw("123456789012345678901234567890123456789"), "a 39-digit integer"),
            8 => (Raw("0.0000000000000000000000000000001"), "a tiny fraction"),
            9 => (Raw("-0"), "-0"),
            10 => (JsonValue.Create(2147483648L), "2^31"),
            11 => (JsonValue.Create(""), "\"\""),
            12 => (JsonValue.Create("\u0000"), "NUL"),
            13 => (JsonValue.Create("a\u0001b\u001fc\u007f"), "control characters"),
            14 => (Raw("\"\\ud800\""), "a lone surrogate"),
            15 => (JsonValue.Create("\u202Eevil\u200B😀 ñ 日本"), "unicode"),
            16 => (JsonValue.Create(new string('x', 100_000)), "100k characters"),
            17 => (new JsonArray(), "[]"),
            18 => (new JsonObject(), "{}"),
            19 => (Raw(string.Concat(Enumerable.Repeat("[", 64)) + string.Concat(Enumerable.Repeat("]", 64))), "64 nested arrays"),
            20 => (Raw(string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + string.Concat(Enumerable.Repeat("}", 40))), "40 nested objects"),
            21 => (Raw("[" + string.Join(",", Enumerable.Repeat("\"x\"", 5000)) + "]"), "5000 items"),
            22 => (JsonValue.Create("9999-12-31"), "9999-12-31"),
            _ => (JsonValue.Create("2025-02-30"), "2025-02-30"),
        };
    }

    private static readonly (Func<string, string> Make, string What)[] HostileStrings =
    [
        (text => text + "\u0000", "+ NUL"),
        (text => "\u0001" + text, "+ SOH"),
        (text => text + "\t\r\n", "+ tab and newline"),
        (text => text + "\u007f\u0085", "+ DEL and NEL"),
        (text => text + "\u202E\u200F", "+ bidi marks"),
        (text => text + "😀日本語ñ", "+ unicode"),
        (text => text + "e\u0301\u0301\u0301", "+ combining marks"),
        (text => text + new string('y', 70_000), "+ 70k characters"),
        (text => text.ToUpperInvariant(), "upper case"),
        (text => " " + text + " ", "padded"),
        (_ => "", "emptied"),
        (text => text + "'; drop table mt_events; --", "+ SQL"),
        (text => text + "<script>alert(1)</script>", "+ HTML"),
        (text => text + "\uFEFF\uFFFF", "+ BOM and a noncharacter"),
    ];

    private static readonly Func<string, byte[]>[] WholeBodies =
    [
        json => Encoding.UTF8.GetBytes(json[..(json.Length / 2)]),
        _ => [],
        _ => "null"u8.ToArray(),
        _ => "[]"u8.ToArray(),
        _ => "\"a string\""u8.ToArray(),
        _ => "42"u8.ToArray(),
        json => Encoding.UTF8.GetBytes(json + json),
        json => Encoding.UTF8.GetBytes(json.Insert(1, "\"type\":\"x\",\"type\":\"y\",")),
        json => [.. Encoding.UTF8.GetBytes(json[..^1]), .. ",\"bad\":\""u8.ToArray(), 0xC3, 0x28, 0xFF, .. "\"}"u8.ToArray()],
        _ => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("[", 5000)) + string.Concat(Enumerable.Repeat("]", 5000))),
        json => Encoding.UTF8.GetBytes("\uFEFF" + json),
        json => Encoding.UTF8.GetBytes(json.Replace("\"", "'", StringComparison.Ordinal)),
    ];

    private static readonly (string Name, string Value)[] JunkHeaders =
    [
        ("If-Match", "\"-1\""),
        ("If-Match", "\"99999999999999999999\""),
        ("If-Match", "\"0\""),
        ("If-Match", "W/\"1\""),
        ("Idempotency-Key", new string('k', 256)),
        ("Idempotency-Key", "k y\t"),
        ("Idempotency-Key", Guid.NewGuid().ToString()),
    ];
}
