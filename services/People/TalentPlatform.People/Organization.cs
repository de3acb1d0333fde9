using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace TalentPlatform.People;

public enum OrganizationKind
{
    BigTech,
    AiLab,
    Startup,
    University,
    Media,
    ResearchInstitute,
    Other,
}

/// <summary>
/// An organization's stream id is derived from its slug, so that the slug is the key: registering a
/// slug twice collides on the stream, and any service can find an organization by its slug alone.
/// </summary>
public static class OrganizationIds
{
    public static Guid For(string slug)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"talent-platform:organization:{slug}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: a name-based id of our own making
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

public sealed record OrganizationRegistered(
    Guid OrganizationId,
    string Slug,
    string Name,
    OrganizationKind Kind,
    ImmutableArray<string> Aliases,
    string? Parent,
    DateTimeOffset RecordedAt);

public sealed record OrganizationAliasAdded(Guid OrganizationId, string Alias, DateTimeOffset RecordedAt);

public sealed record OrganizationParentChanged(Guid OrganizationId, string? Parent, string? PreviousParent, DateTimeOffset RecordedAt);

/// <summary>An organization as its events make it.</summary>
public sealed record Organization(
    Guid Id,
    string Slug,
    string Name,
    OrganizationKind Kind,
    ImmutableArray<string> Aliases,
    string? Parent,
    DateTimeOffset RecordedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The stream version; Marten stamps it on the inline snapshot.</summary>
    public long Version { get; set; }

    /// <summary>Name, slug and aliases in lower case, one per line: what <c>?search=</c> matches.</summary>
    public string SearchText => string.Join('\n', new[] { Name, Slug }.Concat(Aliases)).ToLowerInvariant();

    public bool IsKnownAs(string alias) =>
        string.Equals(Name, alias, StringComparison.OrdinalIgnoreCase)
        || Aliases.Contains(alias, StringComparer.OrdinalIgnoreCase);

    public static Organization Create(OrganizationRegistered registered) => new(
        registered.OrganizationId,
        registered.Slug,
        registered.Name,
        registered.Kind,
        registered.Aliases,
        registered.Parent,
        registered.RecordedAt,
        registered.RecordedAt);

    public Organization Apply(OrganizationAliasAdded added) => this with { Aliases = Aliases.Add(added.Alias), UpdatedAt = added.RecordedAt };

    public Organization Apply(OrganizationParentChanged changed) => this with { Parent = changed.Parent, UpdatedAt = changed.RecordedAt };

    public static Organization? Fold(Organization? organization, object @event) => (organization, @event) switch
    {
        (null, OrganizationRegistered registered) => Create(registered),
        (not null, OrganizationAliasAdded added) => organization.Apply(added),
        (not null, OrganizationParentChanged changed) => organization.Apply(changed),
        _ => organization,
    };
}
