using System.Diagnostics;

namespace TalentPlatform.EndToEnd.Tests;

/// <summary>The merged API document is a contract customers generate clients from: it passes Redocly's recommended rules.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApiContractTests(TestPlatform platform)
{
    private static readonly TimeSpan LintTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_merged_document_passes_Redocly_recommended_rules_with_no_error_and_no_warning()
    {
        using var anonymous = platform.Client(apiKey: null);
        var document = await anonymous.GetStringAsync("/openapi/platform.json");
        var folder = Path.Combine(RepositoryRoot.Path, ".local", "api-lint");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "platform.json");
        await File.WriteAllTextAsync(file, document);
        var cli = Path.Combine(RepositoryRoot.Path, "tests", "api-lint", "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"Redocly CLI is not installed at {cli}: ./deploy/test runs npm ci in tests/api-lint.");

        var (exitCode, output, errors) = await RunAsync("node", cli, "lint", "--config", Path.Combine(RepositoryRoot.Path, "redocly.yaml"), "--format", "json", file);
        await File.WriteAllTextAsync(Path.Combine(folder, "lint.json"), output);

        Assert.True(output.Contains('{', StringComparison.Ordinal), $"Redocly wrote no report (exit {exitCode}): {errors}");
        var report = JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..])!.AsObject();
        var problems = string.Join(Environment.NewLine, report["problems"]!.AsArray().Select(problem =>
            $"{problem!["severity"]} {problem["ruleId"]}: {problem["message"]} at {problem["location"]?[0]?["pointer"]}"));
        Assert.True(report["totals"]!["errors"]!.GetValue<int>() == 0 && report["totals"]!["warnings"]!.GetValue<int>() == 0, problems);
        Assert.Equal(0, exitCode);
    }

    /// <summary>
    /// The generated client (tests/TalentPlatform.ApiClient) is built from the committed contract, so that contract must be
    /// exactly what the platform serves. After a deliberate change of the API: <c>TALENT_UPDATE_CONTRACT=1 ./deploy/test
    /// --filter FullyQualifiedName~ApiContractTests</c> writes the served document there, to be reviewed and committed.
    /// </summary>
    [Fact]
    public async Task The_committed_contract_is_the_document_the_gateway_serves()
    {
        using var anonymous = platform.Client(apiKey: null);
        var served = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/platform.json"))!;
        var file = Path.Combine(RepositoryRoot.Path, "docs", "api", "platform.json");
        if (Environment.GetEnvironmentVariable("TALENT_UPDATE_CONTRACT") == "1")
        {
            await File.WriteAllTextAsync(file, served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        var committed = JsonNode.Parse(await File.ReadAllTextAsync(file));
        Assert.True(
            JsonNode.DeepEquals(committed, served),
            $"{file} is not what /openapi/platform.json serves: review the change and run the test with TALENT_UPDATE_CONTRACT=1 to write it.");
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No network here: no usage telemetry, no update check.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(LintTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {LintTimeout}: {await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }
}
