using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TalentPlatform.Imports;

/// <summary>
/// Settings under <c>Imports</c>: <c>MaxBodyBytes</c> (the largest upload, default 1 GiB; above it 413) and
/// <c>ChunkRows</c> (rows committed in one transaction, default 1000).
/// </summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";
    public const long DefaultMaxBodyBytes = 1L << 30;

    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    public int ChunkRows { get; set; } = 1000;
}

/// <summary>The kinds a service takes, under the owner name its import ids start with.</summary>
internal sealed class ImportCatalog(string owner, IReadOnlyList<IImportKind> kinds)
{
    private readonly Dictionary<string, ImportRunner> _runners = [];

    public string Owner { get; } = owner;

    public IReadOnlyList<IImportKind> Kinds { get; } = kinds;

    public IImportKind? Find(string? name) => Kinds.FirstOrDefault(kind => kind.Name == name);

    public ImportRunner RunnerOf(IImportKind kind, ImportServices services)
    {
        lock (_runners)
        {
            if (!_runners.TryGetValue(kind.Name, out var runner))
            {
                _runners[kind.Name] = runner = kind.Runner(services);
            }

            return runner;
        }
    }

    public ImportServices Services(IServiceProvider services) => new(
        services.GetRequiredService<IDocumentStore>(),
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions,
        services.GetRequiredService<IOptions<ImportOptions>>().Value,
        services.GetRequiredService<ILoggerFactory>().CreateLogger("TalentPlatform.Imports"));
}

public static class Imports
{
    /// <summary>
    /// Takes imports of <paramref name="kinds"/> (the records this service owns) at <c>POST /api/imports</c>;
    /// their ids start with <paramref name="owner"/> (<c>deals-…</c>), which is how the gateway routes reads.
    /// Call <see cref="MapImports"/> on the app.
    /// </summary>
    public static IHostApplicationBuilder AddImports(this IHostApplicationBuilder builder, string owner, params IImportKind[] kinds)
    {
        builder.Services.AddSingleton(new ImportCatalog(owner, kinds));
        builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section);
        builder.Services.AddSingleton<ImportApplier>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ImportApplier>());
        builder.Services.ConfigureMarten(options =>
        {
            options.Schema.For<Import>().Duplicate(import => import.State);
            options.Schema.For<ImportKey>();
            options.Schema.For<ImportRejection>().Duplicate(rejection => rejection.ImportId).Duplicate(rejection => rejection.Line);
            options.Schema.For<HeldImportRow>().Duplicate(row => row.ImportId).Duplicate(row => row.Line);
            options.Schema.For<ImportRecords>().Duplicate(records => records.ImportId).Duplicate(records => records.Offset);
        });
        return builder;
    }

    /// <summary><c>POST /api/imports?kind=&amp;mode=</c>, <c>GET /api/imports/{id}</c> and <c>GET /api/imports/{id}/records</c>.</summary>
    public static WebApplication MapImports(this WebApplication app)
    {
        var maxBodyBytes = app.Configuration.GetValue($"{ImportOptions.Section}:MaxBodyBytes", ImportOptions.DefaultMaxBodyBytes);
        ImportEndpoints.Map(app, maxBodyBytes);
        return app;
    }
}
