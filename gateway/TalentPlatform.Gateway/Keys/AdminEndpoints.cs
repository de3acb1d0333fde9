using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;
using TalentPlatform.Gateway.Audit;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.Gateway.Keys;

public sealed record CreateTenantRequest(string Id, string Name);

public sealed record IssueKeyRequest(string Name, string Role);

/// <summary>A key just issued: the only answer that ever contains the key.</summary>
public sealed record IssuedKey(Guid Id, string Tenant, string Role, string Name, DateTimeOffset CreatedAt, string Key);

/// <summary>
/// Tenants and their API keys, served by the gateway itself (never proxied) to admins only. A key is shown
/// once, in the answer that issues it, and stored only as its SHA-256; revoking or rotating one is refused
/// by every gateway instance within a second (<see cref="KeyDirectoryRefresher"/>).
/// </summary>
internal static partial class AdminEndpoints
{
    public const string RateLimiterPolicy = RateLimits.PolicyName;
    private const int MaxNameLength = 100;

    public static WebApplication MapAdminEndpoints(this WebApplication app)
    {
        var admin = app.MapGroup("/api/admin")
            .RequireAuthorization(Policies.Admin)
            .RequireRateLimiting(RateLimiterPolicy)
            .AddEndpointFilter(WhenKeyStoreReadyAsync)
            .WithTags("Admin");
        admin.MapPost("/tenants", CreateTenantAsync).WithName("CreateTenant").Creates<Tenant>(versioned: false).WithSummary("Create a tenant; its id is a slug such as acme-corp.");
        admin.MapGet("/tenants", ListTenantsAsync).WithName("ListTenants").Lists<Tenant>().WithSummary("Tenants, latest first; paged.");
        admin.MapGet("/tenants/{tenant}", GetTenantAsync).WithName("GetTenant").Produces<Tenant>().ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A tenant: its id, name and when it was created.");
        admin.MapPost("/tenants/{tenant}/keys", IssueKeyAsync).WithName("IssueKey").Creates<IssuedKey>(versioned: false).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Issue an API key for the tenant with a role (analyst, customer or admin); the key is in this answer only.");
        admin.MapGet("/tenants/{tenant}/keys", ListKeysAsync).WithName("ListKeys").Lists<KeyRecord>().ProducesProblem(StatusCodes.Status404NotFound).WithSummary("The tenant's keys (never the keys themselves); paged.");
        admin.MapGet("/keys/{id:guid}", GetKeyAsync).WithName("GetKey").Produces<KeyRecord>().ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A key's record (never the key itself): tenant, role, name, created, revoked, replaced by.");
        admin.MapPost("/keys/{id:guid}/revoke", RevokeAsync).WithName("RevokeKey").Produces<KeyRecord>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Revoke a key: every gateway instance refuses it within a second. Revoking it again changes nothing.");
        admin.MapPost("/keys/{id:guid}/rotate", RotateAsync).WithName("RotateKey").Creates<IssuedKey>(versioned: false).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Issue a replacement with the same tenant, role and name, and revoke the old key, in one step.");
        admin.MapGet("/audit", AuditTrailEndpoints.ListAsync).WithName("ListAuditEntries").Lists<AuditEntry>()
            .WithSummary("Actions, latest first, by ?tenant=, ?key= (the acting key's id, or a bootstrap key's name), ?from= and ?to= (a day or an instant; to excluded): service, method, path, key, tenant, role, status, time — never a body; paged.");
        return app;
    }

    private static async Task<IResult> CreateTenantAsync(CreateTenantRequest request, KeyStore store, TimeProvider time, HttpContext http)
    {
        var errors = new ValidationErrors()
            .When(!TenantId().IsMatch(request.Id), "id", "A tenant id: 2 to 63 lower-case letters, digits and single hyphens, such as acme-corp.")
            .When(string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength, "name", $"A name of 1 to {MaxNameLength} characters.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The tenant is not valid.");
        }

        var tenant = new Tenant(request.Id, request.Name.Trim(), time.GetUtcNow());
        AuditTrail.Target(http, $"tenant {tenant.Id}", tenant.Id);
        if (!await store.CreateTenantAsync(tenant, http.RequestAborted))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The tenant exists already.", detail: $"A tenant {request.Id} exists.");
        }

        return TypedResults.Created($"/api/admin/tenants/{tenant.Id}", tenant);
    }

    private static async Task<IResult> ListTenantsAsync(KeyStore store, HttpContext http)
    {
        var errors = new ValidationErrors();
        var (page, pageSize) = Paging.Read(http.Request, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The paging is not valid.");
        }

        var (items, total) = await store.TenantsAsync(page, pageSize, http.RequestAborted);
        return TypedResults.Ok(Paging.Of(http.Request, items, page, pageSize, total));
    }

    private static async Task<IResult> GetTenantAsync(string tenant, KeyStore store, HttpContext http) =>
        await store.TenantAsync(tenant, http.RequestAborted) is { } found ? TypedResults.Ok(found) : NoSuchTenant(tenant);

    private static async Task<IResult> IssueKeyAsync(string tenant, IssueKeyRequest request, KeyStore store, KeyDirectoryRefresher keys, TimeProvider time, HttpContext http)
    {
        var errors = Validate(request);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The key is not valid.");
        }

        if (await store.TenantAsync(tenant, http.RequestAborted) is null)
        {
            return NoSuchTenant(tenant);
        }

        var now = time.GetUtcNow();
        var record = new KeyRecord(Guid.CreateVersion7(now), tenant, request.Role, request.Name.Trim(), now, null, null);
        var (key, hash) = NewKey(record.Role);
        AuditTrail.Target(http, $"new key {record.Id}, role {record.Role}", tenant);
        await store.InsertKeyAsync(record, hash, http.RequestAborted);
        await keys.RefreshAsync(http.RequestAborted);
        return Issued(http, record, key);
    }

    private static async Task<IResult> ListKeysAsync(string tenant, KeyStore store, HttpContext http)
    {
        var errors = new ValidationErrors();
        var (page, pageSize) = Paging.Read(http.Request, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The paging is not valid.");
        }

        if (await store.TenantAsync(tenant, http.RequestAborted) is null)
        {
            return NoSuchTenant(tenant);
        }

        var (items, total) = await store.KeysAsync(tenant, page, pageSize, http.RequestAborted);
        return TypedResults.Ok(Paging.Of(http.Request, items, page, pageSize, total));
    }

    private static async Task<IResult> GetKeyAsync(Guid id, KeyStore store, HttpContext http) =>
        await store.KeyAsync(id, http.RequestAborted) is { } key ? TypedResults.Ok(key) : NoSuchKey(id);

    private static async Task<IResult> RevokeAsync(Guid id, KeyStore store, KeyDirectoryRefresher keys, TimeProvider time, HttpContext http)
    {
        if (await store.RevokeAsync(id, time.GetUtcNow(), http.RequestAborted) is not { } key)
        {
            return NoSuchKey(id);
        }

        AuditTrail.Target(http, $"key {id}, role {key.Role}", key.Tenant);
        await keys.RefreshAsync(http.RequestAborted);
        return TypedResults.Ok(key);
    }

    private static async Task<IResult> RotateAsync(Guid id, KeyStore store, KeyDirectoryRefresher keys, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var newId = Guid.CreateVersion7(now);
        var existing = await store.KeyAsync(id, http.RequestAborted);
        if (existing is null)
        {
            return NoSuchKey(id);
        }

        var (key, hash) = NewKey(existing.Role);
        var (old, replacement) = await store.RotateAsync(id, newId, hash, now, http.RequestAborted);
        if (old is null)
        {
            return NoSuchKey(id);
        }

        if (replacement is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The key is revoked.",
                detail: "A revoked key cannot be rotated; issue a new key for the tenant instead.");
        }

        AuditTrail.Target(http, $"key {id} replaced by new key {newId}, role {replacement.Role}", replacement.Tenant);
        await keys.RefreshAsync(http.RequestAborted);
        return Issued(http, replacement, key);
    }

    /// <summary>Right after start the database may still be being created; wait briefly rather than fail.</summary>
    private static async ValueTask<object?> WhenKeyStoreReadyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var refresher = context.HttpContext.RequestServices.GetRequiredService<KeyDirectoryRefresher>();
        try
        {
            await refresher.FirstLoad.WaitAsync(TimeSpan.FromSeconds(10), context.HttpContext.RequestAborted);
        }
        catch (TimeoutException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Tenants and keys are not available yet.",
                detail: "The gateway cannot reach its database; retry shortly.");
        }

        return await next(context);
    }

    private static ValidationErrors Validate(IssueKeyRequest request) => new ValidationErrors()
        .When(string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength, "name", $"A name of 1 to {MaxNameLength} characters, to tell the key from the tenant's others.")
        .When(!Roles.All.Contains(request.Role), "role", $"One of {string.Join(", ", Roles.All)}.");

    /// <summary>32 random bytes; the prefix says what it is to people and to secret scanners.</summary>
    private static (string Key, byte[] Sha256) NewKey(string role)
    {
        var key = $"tp_{role}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
        return (key, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private static IResult Issued(HttpContext http, KeyRecord record, string key)
    {
        // The key appears once, here: no cache on the way may keep a copy.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers[HeaderNames.Pragma] = "no-cache";
        return TypedResults.Created(
            $"/api/admin/keys/{record.Id}",
            new IssuedKey(record.Id, record.Tenant, record.Role, record.Name, record.CreatedAt, key));
    }

    private static IResult NoSuchTenant(string tenant) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such tenant.", detail: $"There is no tenant {tenant}.");

    private static IResult NoSuchKey(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such key.", detail: $"There is no key {id}.");

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TenantId();
}
