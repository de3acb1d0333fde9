using MassTransit;
using TalentPlatform.Messaging;
using TalentPlatform.People.Contracts;

namespace TalentPlatform.Insights.ReceivingPeople;

/// <summary>
/// Keeps every People event in Insights' own streams — per organization, per person, per group move —
/// for the talent-flow read models to be projected from (and rebuilt by replay).
/// </summary>
public sealed class PeopleEventsConsumer(IDocumentStore store, TimeProvider time, ILogger<PeopleEventsConsumer> logger)
    : ReceivingConsumer(store, time, logger),
        IConsumer<OrganizationRegistered>,
        IConsumer<OrganizationAliasAdded>,
        IConsumer<OrganizationParentChanged>,
        IConsumer<PersonRegistered>,
        IConsumer<TalentMoved>,
        IConsumer<EmploymentRecorded>
{
    public Task Consume(ConsumeContext<OrganizationRegistered> context) => KeepAsync<OrganizationNode, OrganizationRegistered>(context, context.Message.Organization.Id);

    public Task Consume(ConsumeContext<OrganizationAliasAdded> context) => KeepAsync<OrganizationNode, OrganizationAliasAdded>(context, context.Message.Organization.Id);

    public Task Consume(ConsumeContext<OrganizationParentChanged> context) => KeepAsync<OrganizationNode, OrganizationParentChanged>(context, context.Message.Organization.Id);

    public Task Consume(ConsumeContext<TalentMoved> context) => KeepAsync<MoveFact, TalentMoved>(context, context.Message.MoveId);

    // A person's stream has no read model yet: a plain append (which still collides on the stream
    // version with a concurrent one, and retries) is enough.
    public Task Consume(ConsumeContext<PersonRegistered> context) =>
        ApplyOnceAsync(context, session => Append(session, context.Message.PersonId, context.Message));

    public Task Consume(ConsumeContext<EmploymentRecorded> context) =>
        ApplyOnceAsync(context, session => Append(session, context.Message.PersonId, context.Message));

    private static Task Append(IDocumentSession session, Guid streamId, object message)
    {
        session.Events.Append(streamId, message);
        return Task.CompletedTask;
    }
}

public sealed class PeopleEventsConsumerDefinition : IdempotentConsumerDefinition<PeopleEventsConsumer>;
