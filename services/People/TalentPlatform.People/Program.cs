using JasperFx.Events.Projections;
using TalentPlatform.EventStore;
using TalentPlatform.Messaging;
using TalentPlatform.People.GroupMoves;
using TalentPlatform.People.Organizations;
using TalentPlatform.People.People;
using TalentPlatform.People.Publishing;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.People;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddGatewayIdentity();
        builder.AddEventStore("talent_people", options =>
            {
                // Each stream's state is kept inline with its events: commands fetch it with its
                // version, reads and searches query it.
                options.Projections.Snapshot<Organization>(SnapshotLifecycle.Inline);
                options.Projections.Snapshot<Person>(SnapshotLifecycle.Inline);
                options.Projections.Snapshot<GroupMove>(SnapshotLifecycle.Inline);
                OrganizationEndpoints.Configure(options);
                PeopleEndpoints.Configure(options);
            })
            .PublishIntegrationEvents<PeopleIntegrationEvents>();
        builder.AddMessageBus("people");

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapOrganizations();
        app.MapPeople();
        app.MapGroupMoves();
        await app.RunAsync();
    }
}
