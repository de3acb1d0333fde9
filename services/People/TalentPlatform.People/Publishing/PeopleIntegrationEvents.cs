using JasperFx.Events;
using TalentPlatform.Messaging;

namespace TalentPlatform.People.Publishing;

/// <summary>
/// The one place where People's domain events become its contract (<c>Contracts.</c>: the contract's
/// events share their names with the domain's). People keeps three kinds of stream — organizations,
/// people, group moves — so the state folded per stream is whichever of them the stream's first event
/// makes.
/// </summary>
internal sealed class PeopleIntegrationEvents : IntegrationEventMapper<object>
{
    protected override object? Evolve(object? state, object @event) => state switch
    {
        null when @event is OrganizationRegistered => Organization.Fold(null, @event),
        null when @event is PersonRegistered => Person.Fold(null, @event),
        null when @event is GroupMoveRecorded => GroupMove.Fold(null, @event),
        Organization organization => Organization.Fold(organization, @event),
        Person person => Person.Fold(person, @event),
        _ => state,
    };

    protected override object? ToIntegrationEvent(object state, IEvent @event) => (state, @event.Data) switch
    {
        (Organization organization, OrganizationRegistered registered) =>
            new Contracts.OrganizationRegistered(Snapshot(organization, @event.Version), registered.RecordedAt),
        (Organization organization, OrganizationAliasAdded added) =>
            new Contracts.OrganizationAliasAdded(Snapshot(organization, @event.Version), added.Alias, added.RecordedAt),
        (Organization organization, OrganizationParentChanged changed) =>
            new Contracts.OrganizationParentChanged(Snapshot(organization, @event.Version), changed.PreviousParent, changed.RecordedAt),
        (Person, PersonRegistered registered) =>
            new Contracts.PersonRegistered(registered.PersonId, registered.Name, registered.Headline, registered.Country, registered.Expertise, registered.RecordedAt),
        (Person person, EmploymentRecorded recorded) => new Contracts.EmploymentRecorded(
            person.Id, person.Name, recorded.Stint.StintId, recorded.Stint.Organization, recorded.Stint.Title,
            recorded.Stint.Start?.ToString(), recorded.Stint.End?.ToString(), recorded.RecordedAt),
        (Person person, TalentMoved moved) => new Contracts.TalentMoved(
            moved.MoveId, person.Id, person.Name, 1, false, moved.From, moved.To, moved.Title,
            moved.On.ToString(), WireNames.Of(moved.On.Precision), moved.DealId, Source(moved.Source), moved.RecordedAt),
        (GroupMove, GroupMoveRecorded recorded) => new Contracts.TalentMoved(
            recorded.MoveId, null, null, recorded.Count, recorded.CountIsMinimum, recorded.From, recorded.To, null,
            recorded.On.ToString(), WireNames.Of(recorded.On.Precision), null, Source(recorded.Source), recorded.RecordedAt),
        _ => null,
    };

    private static Contracts.OrganizationSnapshot Snapshot(Organization organization, long version) => new(
        organization.Id, organization.Slug, organization.Name, WireNames.Of(organization.Kind), organization.Aliases, organization.Parent, version);

    private static Contracts.MoveSource Source(Source source) =>
        new(source.Publisher, source.Url, source.PublishedOn, WireNames.Of(source.Attribution), WireNames.Of(source.Status));
}
