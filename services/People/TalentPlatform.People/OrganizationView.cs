namespace TalentPlatform.People;

public sealed record OrganizationView(
    Guid Id,
    string Slug,
    string Name,
    OrganizationKind Kind,
    IReadOnlyList<string> Aliases,
    string? Parent,
    DateTimeOffset RecordedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    public static OrganizationView From(Organization organization, long version) => new(
        organization.Id,
        organization.Slug,
        organization.Name,
        organization.Kind,
        organization.Aliases,
        organization.Parent,
        organization.RecordedAt,
        organization.UpdatedAt,
        version);
}
