using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace TalentPlatform.Testing;

/// <summary>
/// A host in a process of its own, started from its build output as <c>./deploy/up</c> starts it (<c>dotnet
/// Host.dll --urls …</c>, settings as environment variables), so that a test can end it the way a crash does:
/// <see cref="KillAsync"/> sends SIGKILL, and nothing in the process gets to clean up.
/// </summary>
public sealed class ProcessHost : IAsyncDisposable
{
    private const int OutputLines = 200;

    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ProcessHost(string name, Process process, Uri address)
    {
        Name = name;
        _process = process;
        Address = address;
    }

    public string Name { get; }

    public Uri Address { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote, for a failure's message.</summary>
    public string OutputTail
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Starts the host of <paramref name="projectDirectory"/> (from the repository root) with <paramref name="settings"/>.</summary>
    public static ProcessHost Start(string name, string projectDirectory, IReadOnlyDictionary<string, string?> settings)
    {
        var project = Path.Combine(RepositoryRoot.Path, projectDirectory);
        var assembly = Path.GetFileName(projectDirectory.TrimEnd('/'));
        var dll = Path.Combine(project, "bin", BuildConfiguration, "net10.0", assembly + ".dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is not built; build the solution ({BuildConfiguration}) first.");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", project })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["OTEL_SERVICE_NAME"] = name;
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        var host = new ProcessHost(name, process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, line) => host.Record(line.Data);
        process.ErrorDataReceived += (_, line) => host.Record(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Returns once the host reports ready (database, broker, consumers); fails at once if it exited.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await WaitAsync(client, timeout);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message}; its last output:\n{OutputTail}", exception);
        }
    }

    private async Task WaitAsync(HttpClient client, TimeSpan timeout)
    {
        await Eventually.UntilAsync(
            async token =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:\n{OutputTail}");
                }

                try
                {
                    using var response = await client.GetAsync("/health/ready", token);
                    return (await response.Content.ReadFromJsonAsync<JsonObject>(token))?["status"]?.GetValue<string>();
                }
                catch (HttpRequestException)
                {
                    return "not listening";
                }
                catch (TaskCanceledException) when (!token.IsCancellationRequested)
                {
                    // Still starting: its first health checks (broker, queues) may take longer than one request may.
                    return "not answering yet";
                }
            },
            status => status == "Healthy",
            timeout,
            $"{Name} (pid {Pid}) to report ready");
    }

    /// <summary>SIGKILL: the process ends at once, its connections closed by the kernel.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    /// <summary>Release or Debug: the configuration the tests themselves were built in.</summary>
    private static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
