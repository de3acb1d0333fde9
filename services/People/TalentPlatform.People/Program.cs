using TalentPlatform.People.AddingAlias;
using TalentPlatform.People.ChangingParent;
using TalentPlatform.People.GettingGroupMove;
using TalentPlatform.People.GettingOrganization;
using TalentPlatform.People.GettingPerson;
using TalentPlatform.People.Importing;
using TalentPlatform.People.ListingOrganizations;
using TalentPlatform.People.ListingPeople;
using TalentPlatform.People.Moving;
using TalentPlatform.People.Publishing;
using TalentPlatform.People.RecordingEmployment;
using TalentPlatform.People.RecordingGroupMove;
using TalentPlatform.People.RegisteringOrganization;
using TalentPlatform.People.RegisteringPerson;

namespace TalentPlatform.People;

public sealed class Program
{
    public static Task Main(string[] args) => new PlatformService("people")
        .Snapshot<Organization>()
        .Snapshot<Person>()
        .Snapshot<GroupMove>()
        .Publishes<PeopleIntegrationEvents>()
        .UseCase<RegisterOrganizationEndpoint>()
        .UseCase<GetOrganizationEndpoint>()
        .UseCase<ListOrganizationsEndpoint>()
        .UseCase<AddAliasEndpoint>()
        .UseCase<ChangeParentEndpoint>()
        .UseCase<RegisterPersonEndpoint>()
        .UseCase<GetPersonEndpoint>()
        .UseCase<ListPeopleEndpoint>()
        .UseCase<RecordEmploymentEndpoint>()
        .UseCase<MovePersonEndpoint>()
        .UseCase<RecordGroupMoveEndpoint>()
        .UseCase<GetGroupMoveEndpoint>()
        .Imports(ImportOrganizations.Kind, ImportPeople.Kind, ImportEmployment.Kind, ImportMoves.Kind)
        .RunAsync(args);
}
