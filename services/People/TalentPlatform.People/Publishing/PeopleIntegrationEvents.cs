using JasperFx.Events;
using TalentPlatform.Messaging;
using TalentPlatform.People.Contracts;
using TalentPlatform.People.GroupMoves;
using TalentPlatform.People.Organizations;
using TalentPlatform.People.People;
using ContractEmploymentRecorded = TalentPlatform.People.Contracts.EmploymentRecorded;
using ContractOrganizationAliasAdded = TalentPlatform.People.Contracts.OrganizationAliasAdded;
using ContractOrganizationParentChanged = TalentPlatform.People.Contracts.OrganizationParentChanged;
using ContractOrganizationRegistered = TalentPlatform.People.Contracts.OrganizationRegistered;
using ContractPersonRegistered = TalentPlatform.People.Contracts.PersonRegistered;
using ContractTalentMoved = TalentPlatform.People.Contracts.TalentMoved;
using EmploymentRecorded = TalentPlatform.People.People.EmploymentRecorded;
using OrganizationAliasAdded = TalentPlatform.People.Organizations.OrganizationAliasAdded;
using OrganizationParentChanged = TalentPlatform.People.Organizations.OrganizationParentChanged;
using OrganizationRegistered = TalentPlatform.People.Organizations.OrganizationRegistered;
using PersonRegistered = TalentPlatform.People.People.PersonRegistered;
using TalentMoved = TalentPlatform.People.People.TalentMoved;
using TalentPlatform.Vocabulary;

namespace TalentPlatform.People.Publishing;

/// <summary>
/// The one place where People's domain events become its contract. People keeps three kinds of
/// stream — organizations, people, group moves — so the state folded per stream is whichever of
/// them the stream's first event makes.
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
            new ContractOrganizationRegistered(Snapshot(organization, @event.Version), registered.RecordedAt),
        (Organization organization, OrganizationAliasAdded added) =>
            new ContractOrganizationAliasAdded(Snapshot(organization, @event.Version), added.Alias, added.RecordedAt),
        (Organization organization, OrganizationParentChanged changed) =>
            new ContractOrganizationParentChanged(Snapshot(organization, @event.Version), changed.PreviousParent, changed.RecordedAt),
        (Person, PersonRegistered registered) =>
            new ContractPersonRegistered(registered.PersonId, registered.Name, registered.Headline, registered.Country, registered.Expertise, registered.RecordedAt),
        (Person person, EmploymentRecorded recorded) => new ContractEmploymentRecorded(
            person.Id, person.Name, recorded.Stint.StintId, recorded.Stint.Organization, recorded.Stint.Title,
            recorded.Stint.Start?.ToString(), recorded.Stint.End?.ToString(), recorded.RecordedAt),
        (Person person, TalentMoved moved) => new ContractTalentMoved(
            moved.MoveId, person.Id, person.Name, 1, false, moved.From, moved.To, moved.Title,
            moved.On.ToString(), WireNames.Of(moved.On.Precision), moved.DealId, Source(moved.Source), moved.RecordedAt),
        (GroupMove, GroupMoveRecorded recorded) => new ContractTalentMoved(
            recorded.MoveId, null, null, recorded.Count, recorded.CountIsMinimum, recorded.From, recorded.To, null,
            recorded.On.ToString(), WireNames.Of(recorded.On.Precision), null, Source(recorded.Source), recorded.RecordedAt),
        _ => null,
    };

    private static OrganizationSnapshot Snapshot(Organization organization, long version) => new(
        organization.Id, organization.Slug, organization.Name, WireNames.Of(organization.Kind), organization.Aliases, organization.Parent, version);

    private static MoveSource Source(Source source) =>
        new(source.Publisher, source.Url, source.PublishedOn, WireNames.Of(source.Attribution), WireNames.Of(source.Status));
}
