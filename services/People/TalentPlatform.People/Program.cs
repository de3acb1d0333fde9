using JasperFx.Events.Projections;
using TalentPlatform.EventStore;
using TalentPlatform.Messaging;
using TalentPlatform.People.AddingAlias;
using TalentPlatform.People.ChangingParent;
using TalentPlatform.People.GettingGroupMove;
using TalentPlatform.People.GettingOrganization;
using TalentPlatform.People.GettingPerson;
using TalentPlatform.People.ListingOrganizations;
using TalentPlatform.People.ListingPeople;
using TalentPlatform.People.Moving;
using TalentPlatform.People.Publishing;
using TalentPlatform.People.RecordingEmployment;
using TalentPlatform.People.RecordingGroupMove;
using TalentPlatform.People.RegisteringOrganization;
using TalentPlatform.People.RegisteringPerson;
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
                ListOrganizationsEndpoint.Configure(options);
                ListPeopleEndpoint.Configure(options);
            })
            .PublishIntegrationEvents<PeopleIntegrationEvents>();
        builder.AddMessageBus("people");

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapRegisterOrganization();
        app.MapGetOrganization();
        app.MapListOrganizations();
        app.MapAddAlias();
        app.MapChangeParent();
        app.MapRegisterPerson();
        app.MapGetPerson();
        app.MapListPeople();
        app.MapRecordEmployment();
        app.MapMovePerson();
        app.MapRecordGroupMove();
        app.MapGetGroupMove();
        await app.RunAsync();
    }
}
