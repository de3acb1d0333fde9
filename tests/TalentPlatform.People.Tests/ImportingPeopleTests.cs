namespace TalentPlatform.People.Tests;

/// <summary>
/// Organizations, people, their employment and their moves as imports: each row checked and decided as the
/// single-record route would, against the records as the rows before it left them.
/// </summary>
public sealed class ImportingPeopleTests(PeopleApi api) : IClassFixture<PeopleApi>
{
    private const string MoveHeader = "personId,from,to,on,title,source.publisher,source.publishedOn,source.attribution,source.status";

    private readonly HttpClient _analyst = api.Host.ClientAs("analyst");

    [Fact]
    public async Task Organizations_import_with_a_parent_registered_by_an_earlier_row_and_aliases_as_json()
    {
        var (parent, child, orphan) = (PeopleRequests.Unique("parent"), PeopleRequests.Unique("child"), PeopleRequests.Unique("orphan"));
        var csv = "slug,name,kind,aliases,parent\n" +
            $"{child},Child Labs,ai-lab,,{parent}\n" +
            $"{parent},Parent Corp,big-tech,\"[\"\"Parent\"\",\"\"PC\"\"]\",\n" +
            $"{PeopleRequests.Unique("second")},Second Labs,ai-lab,,{parent}\n" +
            $"{orphan},Orphan,startup,,{PeopleRequests.Unique("nowhere")}\n" +
            $"{parent},Parent Again,big-tech,,\n";

        using var response = await _analyst.ImportAsync("organizations", ImportApi.Csv, csv, mode: "valid-rows");

        var import = await response.AcceptedImportAsync();
        Assert.StartsWith("people-", import["id"]!.GetValue<string>(), StringComparison.Ordinal);
        // A parent named before it is registered is refused like a single POST; the duplicate slug is a conflict.
        Assert.Equal([(2L, "parent"), (5L, "parent"), (6L, "row")], ImportApi.Rejected(import));
        Assert.Equal(2, ImportApi.Count(import, "rowsApplied"));
        var registered = await _analyst.GetFromJsonAsync<JsonObject>($"/api/organizations/{parent}");
        Assert.Equal(["Parent", "PC"], registered!["aliases"]!.AsArray().Select(alias => alias!.GetValue<string>()));
        var records = await _analyst.GetFromJsonAsync<JsonObject>($"/api/imports/{import["id"]}/records");
        Assert.Equal($"/api/organizations/{parent}", records!["items"]![0]!["location"]!.GetValue<string>());
        Assert.Equal(4, records["items"]![1]!["line"]!.GetValue<long>());
    }

    [Fact]
    public async Task People_then_their_employment_then_their_moves_each_one_import_and_a_person_may_move_twice_in_one_file()
    {
        var (a, b, c) = (await _analyst.RegisterOrganizationAsync("from"), await _analyst.RegisterOrganizationAsync("via"), await _analyst.RegisterOrganizationAsync("to"));
        var people = string.Concat(Enumerable.Range(1, 3).Select(n => $$"""{"name":"Imported Person {{n}}","country":"GB","expertise":["ml"]}""" + "\n"));
        using var registered = await _analyst.ImportAsync("people", ImportApi.Ndjson, people);
        var peopleImport = await _analyst.FinishedImportAsync((await registered.AcceptedImportAsync())["id"]!.GetValue<string>());
        Assert.True(ImportApi.State(peopleImport) == "completed", peopleImport.ToJsonString());
        var ids = (await _analyst.GetFromJsonAsync<JsonObject>(peopleImport["records"]!.GetValue<string>()))!["items"]!.AsArray()
            .Select(item => item!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(3, ids.Count);

        var employment = "personId,organization,title,start\n" + string.Concat(ids.Select(id => $"{id},{a},Engineer,2021-03\n"));
        using var employed = await _analyst.ImportAsync("employment", ImportApi.Csv, employment);
        var employmentImport = await _analyst.FinishedImportAsync((await employed.AcceptedImportAsync())["id"]!.GetValue<string>());
        Assert.True(ImportApi.State(employmentImport) == "completed", employmentImport.ToJsonString());

        var moves = MoveHeader + "\n" +
            $"{ids[0]},{a},{b},2023-01,Lead,CNBC,2023-01-15,anonymous-source,reported\n" +
            $"{ids[0]},{b},{c},2024-06,Head,CNBC,2024-06-20,company-statement,confirmed\n" +
            $"{ids[1]},{a},{c},2024-02-01,,CNBC,2024-02-02,anonymous-source,reported\n";
        using var moved = await _analyst.ImportAsync("moves", ImportApi.Csv, moves);
        var movesImport = await _analyst.FinishedImportAsync((await moved.AcceptedImportAsync())["id"]!.GetValue<string>());
        Assert.True(ImportApi.State(movesImport) == "completed", movesImport.ToJsonString());
        Assert.Equal(3, ImportApi.Count(movesImport, "rowsApplied"));

        var first = await _analyst.GetFromJsonAsync<JsonObject>($"/api/people/{ids[0]}");
        var spells = first!["timeline"]!.AsArray().Select(stint => (stint!["organization"]!.GetValue<string>(), stint["end"]!["date"]?.GetValue<string>())).ToList();
        Assert.Equal([(a, "2023-01"), (b, "2024-06"), (c, null)], spells);
        var second = await _analyst.GetFromJsonAsync<JsonObject>($"/api/people/{ids[1]}");
        Assert.Equal(c, second!["timeline"]!.AsArray().Single(stint => stint!["current"]!.GetValue<bool>())!["organization"]!.GetValue<string>());
    }

    [Fact]
    public async Task Organizations_as_ndjson_people_as_csv_and_moves_as_ndjson_and_the_same_key_adds_nothing()
    {
        var (from, to) = (PeopleRequests.Unique("nd-from"), PeopleRequests.Unique("nd-to"));
        var organizations = $$"""{"slug":"{{from}}","name":"From Labs","kind":"ai-lab"}""" + "\n" + $$"""{"slug":"{{to}}","name":"To Labs","kind":"big-tech","aliases":["To"]}""" + "\n";
        using var orgs = await _analyst.ImportAsync("organizations", ImportApi.Ndjson, organizations, mode: "valid-rows");
        Assert.Equal(2, ImportApi.Count(await orgs.AcceptedImportAsync(), "rowsApplied"));

        var key = $"people-{Guid.NewGuid():N}";
        var people = "name,country,expertise\n" + string.Concat(Enumerable.Range(1, 4).Select(n => $"CSV Person {n},GB,\"[\"\"ml\"\",\"\"nlp\"\"]\"\n")) + "Nobody,Atlantis,\n";
        using var registered = await _analyst.ImportAsync("people", ImportApi.Csv, people, mode: "valid-rows", key: key);
        var peopleImport = await registered.AcceptedImportAsync();
        Assert.Equal([(6L, "country")], ImportApi.Rejected(peopleImport));
        Assert.Equal(4, ImportApi.Count(peopleImport, "rowsApplied"));
        var ids = (await _analyst.GetFromJsonAsync<JsonObject>(peopleImport["records"]!.GetValue<string>()))!["items"]!.AsArray()
            .Select(item => item!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(4, ids.Count);
        var person = await _analyst.GetFromJsonAsync<JsonObject>($"/api/people/{ids[0]}");
        Assert.Equal(["ml", "nlp"], person!["expertise"]!.AsArray().Select(e => e!.GetValue<string>()));

        // The same key again: the same import, and nobody registered twice.
        using var replayed = await _analyst.ImportAsync("people", ImportApi.Csv, people, mode: "valid-rows", key: key);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(peopleImport["id"]!.GetValue<string>(), (await replayed.AcceptedImportAsync())["id"]!.GetValue<string>());

        var employment = string.Concat(ids.Select(id => $$"""{"personId":"{{id}}","organization":"{{from}}","start":"2022-01"}""" + "\n"));
        using var employed = await _analyst.ImportAsync("employment", ImportApi.Ndjson, employment, mode: "valid-rows");
        Assert.Equal(4, ImportApi.Count(await employed.AcceptedImportAsync(), "rowsApplied"));
        var moves = string.Concat(ids.Take(2).Select(id => $$$"""{"personId":"{{{id}}}","from":"{{{from}}}","to":"{{{to}}}","on":"2024-05","source":{"publisher":"CNBC","publishedOn":"2024-05-20","attribution":"anonymous-source","status":"reported"}}""" + "\n"));
        using var moved = await _analyst.ImportAsync("moves", ImportApi.Ndjson, moves);
        var movesImport = await _analyst.FinishedImportAsync((await moved.AcceptedImportAsync())["id"]!.GetValue<string>());
        Assert.True(ImportApi.State(movesImport) == "completed", movesImport.ToJsonString());
        var movedPerson = await _analyst.GetFromJsonAsync<JsonObject>($"/api/people/{ids[1]}");
        Assert.Equal(to, movedPerson!["timeline"]!.AsArray().Single(stint => stint!["current"]!.GetValue<bool>())!["organization"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_all_or_nothing_moves_import_lists_every_bad_row_by_line_and_field_and_moves_nobody()
    {
        var (a, b) = (await _analyst.RegisterOrganizationAsync("aon-from"), await _analyst.RegisterOrganizationAsync("aon-to"));
        var person = await _analyst.RegisterPersonAsync("Stays Put");
        using (var employed = await _analyst.PostJsonAsync($"/api/people/{person}/employment", $$"""{"organization":"{{a}}","start":"2020-01"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, employed.StatusCode);
        }

        var moves = MoveHeader + "\n" +
            $"{person},{a},{b},2023-01,,CNBC,2023-01-15,anonymous-source,reported\n" +
            $"{Guid.NewGuid()},{a},{b},2023-01,,CNBC,2023-01-15,anonymous-source,reported\n" +
            $",{a},{b},2023-01,,CNBC,2023-01-15,anonymous-source,reported\n" +
            $"{person},{a},{PeopleRequests.Unique("unknown")},2023-01,,CNBC,2023-01-15,anonymous-source,reported\n" +
            $"{person},{a},{b},2024-01,,CNBC,2024-01-15,anonymous-source,reported\n" +
            $"not-an-id,{a},{b},2023-01,,CNBC,2023-01-15,anonymous-source,reported\n";

        using var response = await _analyst.ImportAsync("moves", ImportApi.Csv, moves, mode: "all-or-nothing");

        var import = await _analyst.FinishedImportAsync((await response.AcceptedImportAsync())["id"]!.GetValue<string>());
        Assert.Equal("failed", ImportApi.State(import));
        // Line 6 moves from where line 2 already took the person: refused although nothing was applied yet.
        Assert.Equal([(3L, "personId"), (4L, "personId"), (5L, "to"), (6L, "row"), (7L, "personId")], ImportApi.Rejected(import));
        Assert.Equal(0, ImportApi.Count(import, "rowsApplied"));
        var unchanged = await _analyst.GetFromJsonAsync<JsonObject>($"/api/people/{person}");
        Assert.Equal(a, Assert.Single(unchanged!["timeline"]!.AsArray())!["organization"]!.GetValue<string>());
    }
}
