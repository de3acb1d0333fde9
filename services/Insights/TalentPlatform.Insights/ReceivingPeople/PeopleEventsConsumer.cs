using Marten;
using MassTransit;
using TalentPlatform.Messaging;
using TalentPlatform.People.Contracts;

namespace TalentPlatform.Insights.ReceivingPeople;

/// <summary>
/// Keeps every People event in Insights' own streams — per organization, per person, per group move — and applies
/// it to the talent-flow read models (organizations and their roots, moves, pairs, weeks).
/// </summary>
internal sealed class PeopleEventsConsumer(IDocumentStore store, ReadModels readModels, TimeProvider time, ILogger<PeopleEventsConsumer> logger)
    : ReceivingConsumer(store, readModels, time, logger),
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

    public Task Consume(ConsumeContext<TalentMoved> context) => KeepAsync(context, context.Message.MoveId);

    // A person's stream has no read model yet: it is kept for a later one to be built from.
    public Task Consume(ConsumeContext<PersonRegistered> context) => KeepAsync(context, context.Message.PersonId);

    public Task Consume(ConsumeContext<EmploymentRecorded> context) => KeepAsync(context, context.Message.PersonId);
}

internal sealed class PeopleEventsConsumerDefinition : IdempotentConsumerDefinition<PeopleEventsConsumer>;
