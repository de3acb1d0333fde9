using Marten;
using MassTransit;
using TalentPlatform.Messaging;
using TalentPlatform.People.Contracts;

namespace TalentPlatform.Insights.People.Receiving;

/// <summary>
/// Keeps every People event in Insights' own streams — per organization, per person, per group move —
/// for the talent-flow read models to be projected from (and rebuilt by replay).
/// </summary>
public sealed class PeopleEventsConsumer(IDocumentStore store, TimeProvider time, ILogger<PeopleEventsConsumer> logger)
    : IdempotentConsumer(store, time, logger),
        IConsumer<OrganizationRegistered>,
        IConsumer<OrganizationAliasAdded>,
        IConsumer<OrganizationParentChanged>,
        IConsumer<PersonRegistered>,
        IConsumer<TalentMoved>,
        IConsumer<EmploymentRecorded>
{
    public Task Consume(ConsumeContext<OrganizationRegistered> context) => KeepAsync(context, context.Message.Organization.Id);

    public Task Consume(ConsumeContext<OrganizationAliasAdded> context) => KeepAsync(context, context.Message.Organization.Id);

    public Task Consume(ConsumeContext<OrganizationParentChanged> context) => KeepAsync(context, context.Message.Organization.Id);

    public Task Consume(ConsumeContext<PersonRegistered> context) => KeepAsync(context, context.Message.PersonId);

    public Task Consume(ConsumeContext<TalentMoved> context) => KeepAsync(context, context.Message.MoveId);

    public Task Consume(ConsumeContext<EmploymentRecorded> context) => KeepAsync(context, context.Message.PersonId);

    private Task KeepAsync<TMessage>(ConsumeContext<TMessage> context, Guid streamId)
        where TMessage : class =>
        ApplyOnceAsync(context, session =>
        {
            // No inline read model reads these streams yet, so a plain append (which still collides on
            // the stream version with a concurrent one, and retries) is enough.
            session.Events.Append(streamId, context.Message);
            return Task.CompletedTask;
        });
}

public sealed class PeopleEventsConsumerDefinition : IdempotentConsumerDefinition<PeopleEventsConsumer>;
