using System.Diagnostics;

namespace TalentPlatform.Deploy.Tests;

/// <summary>
/// <c>kubectl kustomize</c> and the repository's own scripts, run as an operator would. kubectl comes from
/// <c>TALENT_KUBECTL</c> or PATH; <c>./deploy/test</c> installs Debian's kubernetes-client when it is missing.
/// </summary>
internal static class Kustomize
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string K8sFolder => Path.Combine(RepositoryRoot, "deploy", "k8s");

    public static string Render(string kustomizationFolder) =>
        Run(Kubectl(), ["kustomize", kustomizationFolder], TimeSpan.FromSeconds(120));

    /// <summary>What deploy/k8s/make-secrets prints: every Secret and ConfigMap the manifests refer to but never hold.</summary>
    public static string MakeSecrets() =>
        Run("bash", [Path.Combine(K8sFolder, "make-secrets")], TimeSpan.FromSeconds(60));

    /// <summary>./deploy/images with these arguments: its exit code and what it printed (both streams).</summary>
    public static (int ExitCode, string Output) Images(params string[] arguments) =>
        RunForExitCode("bash", [Path.Combine(RepositoryRoot, "deploy", "images"), .. arguments], TimeSpan.FromSeconds(120));

    /// <summary>MSBuild's evaluation of a project's properties (no build).</summary>
    public static IReadOnlyDictionary<string, string> ProjectProperties(string project, params string[] properties)
    {
        var output = Run("dotnet", ["msbuild", project, "-p:Configuration=Release", .. properties.Select(p => $"-getProperty:{p}")], TimeSpan.FromSeconds(120));
        var values = System.Text.Json.Nodes.JsonNode.Parse(output)!["Properties"]!.AsObject();
        return properties.ToDictionary(p => p, p => (string?)values[p] ?? "");
    }

    /// <summary>A copy of deploy/k8s in a fresh temporary folder, to break on purpose.</summary>
    public static string CopyOfK8sFolder()
    {
        var target = Path.Combine(Path.GetTempPath(), $"talent-deploy-tests-{Guid.NewGuid():N}");
        foreach (var file in Directory.EnumerateFiles(K8sFolder, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(K8sFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }

    private static string Kubectl()
    {
        if (Environment.GetEnvironmentVariable("TALENT_KUBECTL") is { Length: > 0 } configured)
        {
            return configured;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "kubectl"))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException(
            "kubectl is not on PATH: ./deploy/test installs it (Debian's kubernetes-client), or set TALENT_KUBECTL.");
    }

    private static string Run(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var (exitCode, output, error) = Start(program, arguments, timeout);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {exitCode}: {error}");
    }

    private static (int ExitCode, string Output) RunForExitCode(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var (exitCode, output, error) = Start(program, arguments, timeout);
        return (exitCode, output + error);
    }

    private static (int ExitCode, string Output, string Error) Start(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds} s");
        }

        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TalentPlatform.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no TalentPlatform.sln above {AppContext.BaseDirectory}");
    }
}
