using TalentPlatform.People.AddingAlias;
using TalentPlatform.People.ChangingParent;
using TalentPlatform.People.Moving;
using TalentPlatform.People.RecordingEmployment;
using TalentPlatform.People.RegisteringOrganization;
using TalentPlatform.Vocabulary;

namespace TalentPlatform.People.Tests;

public sealed class DecisionTests
{
    private static readonly DateTimeOffset Now = new(2025, 8, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid PersonId = Guid.CreateVersion7(Now.AddDays(-100));
    private static readonly Source Cnbc = new("CNBC", null, new DateOnly(2025, 7, 24), Attribution.AnonymousSource, ClaimStatus.Reported);

    private static Person Given(params object[] events) => events.Aggregate((Person?)null, Person.Fold)!;

    private static PersonRegistered Registered => new(PersonId, "Varun Mohan", "CEO", "US", ["coding agents"], Now.AddDays(-100));

    private static EmploymentRecorded At(string organization, string start, string? end = null) =>
        new(PersonId, new Stint(Guid.NewGuid(), organization, "CEO", Date(start), end is null ? null : Date(end), null, null), Now.AddDays(-90));

    private static PartialDate Date(string text) => PartialDate.TryParse(text, out var date) ? date : throw new ArgumentException(text);

    private static MovePerson Move(string from, string to, string on) => new(Guid.CreateVersion7(Now), Guid.CreateVersion7(Now), from, to, "Senior Director", Date(on), null, Cnbc, Now);

    [Fact]
    public void A_move_ends_the_spell_at_the_old_organization_and_starts_one_at_the_new_as_one_fact()
    {
        var person = Given(Registered, At("windsurf", "2021"));

        var events = MovePersonDecision.Decide(person, Move("windsurf", "google-deepmind", "2025-07-11"));

        var moved = Assert.IsType<TalentMoved>(Assert.Single(events));
        var after = events.Aggregate((Person?)person, Person.Fold)!;
        Assert.Equal(Date("2025-07-11"), after.Stints.Single(stint => stint.Organization == "windsurf").End);
        var joined = after.Stints.Single(stint => stint.Organization == "google-deepmind");
        Assert.True(joined.IsOpen);
        Assert.Equal(moved.MoveId, joined.MoveId);
        Assert.Equal(Cnbc, joined.Source);
    }

    [Fact]
    public void Moving_from_an_organization_the_person_is_not_at_is_a_conflict()
    {
        var person = Given(Registered, At("windsurf", "2021", end: "2024"));

        var conflict = Assert.Throws<ConflictException>(() => MovePersonDecision.Decide(person, Move("windsurf", "google", "2025-07-11")));
        Assert.Contains("not at windsurf", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Moving_to_an_organization_the_person_is_already_at_is_a_conflict()
    {
        var person = Given(Registered, At("windsurf", "2021"), At("google", "2024"));

        Assert.Throws<ConflictException>(() => MovePersonDecision.Decide(person, Move("windsurf", "google", "2025-07-11")));
    }

    [Fact]
    public void Leaving_before_joining_is_a_conflict_but_the_same_imprecise_period_is_not()
    {
        var person = Given(Registered, At("windsurf", "2025-07"));

        Assert.Throws<ConflictException>(() => MovePersonDecision.Decide(person, Move("windsurf", "google", "2025-06-30")));
        Assert.Single(MovePersonDecision.Decide(person, Move("windsurf", "google", "2025")));
    }

    [Fact]
    public void Recording_a_second_open_spell_at_the_same_place_is_a_conflict()
    {
        var person = Given(Registered, At("scale-ai", "2016"));

        Assert.Throws<ConflictException>(() => RecordEmploymentDecision.Decide(person, new RecordEmployment(At("scale-ai", "2020").Stint, Now)));
        Assert.Single(RecordEmploymentDecision.Decide(person, new RecordEmployment(At("scale-ai", "2010", end: "2012").Stint, Now)));
    }

    [Fact]
    public void Partial_dates_keep_their_precision()
    {
        Assert.Equal(DatePrecision.Year, Date("2025").Precision);
        Assert.Equal(DatePrecision.Month, Date("2025-07").Precision);
        Assert.Equal(DatePrecision.Day, Date("2025-07-11").Precision);
        Assert.Equal(new DateOnly(2025, 7, 31), Date("2025-07").Latest);
        Assert.False(PartialDate.TryParse("2025-7", out _));
        Assert.False(PartialDate.TryParse("2025-02-30", out _));
        Assert.True(Date("2024").IsCertainlyBefore(Date("2025-01")));
        Assert.False(Date("2025").IsCertainlyBefore(Date("2025-06")));
    }

    private static Organization Organization(string slug, string? parent = null) =>
        People.Organization.Create(new OrganizationRegistered(OrganizationIds.For(slug), slug, slug, OrganizationKind.BigTech, ["Alias"], parent, Now));

    [Fact]
    public void Registering_a_slug_that_is_taken_is_a_conflict()
    {
        var command = new RegisterOrganization("google", "Google", OrganizationKind.BigTech, [], null, Now);

        Assert.Throws<ConflictException>(() => RegisterOrganizationDecision.Decide(Organization("google"), command));
        Assert.Equal(OrganizationIds.For("google"), Assert.IsType<OrganizationRegistered>(Assert.Single(RegisterOrganizationDecision.Decide(null, command))).OrganizationId);
    }

    [Fact]
    public void An_organization_id_is_the_same_for_the_same_slug_and_differs_between_slugs()
    {
        Assert.Equal(OrganizationIds.For("google-deepmind"), OrganizationIds.For("google-deepmind"));
        Assert.NotEqual(OrganizationIds.For("google-deepmind"), OrganizationIds.For("google"));
    }

    [Fact]
    public void A_parent_that_descends_from_the_organization_is_a_cycle()
    {
        // google ← google-deepmind ← deepmind-london: making deepmind-london google's parent loops.
        var conflict = Assert.Throws<ConflictException>(() =>
            ChangeParentDecision.Decide(Organization("google"), new ChangeParent("deepmind-london", ["deepmind-london", "google-deepmind", "google"], Now)));

        Assert.Contains("google → deepmind-london → google-deepmind → google", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_organization_is_not_its_own_parent() =>
        Assert.Throws<ConflictException>(() => ChangeParentDecision.Decide(Organization("google"), new ChangeParent("google", ["google"], Now)));

    [Fact]
    public void Changing_to_an_unrelated_parent_records_the_previous_one()
    {
        var events = ChangeParentDecision.Decide(Organization("deepmind", parent: "alphabet"), new ChangeParent("google", ["google", "alphabet"], Now));

        Assert.Equal([new OrganizationParentChanged(OrganizationIds.For("deepmind"), "google", "alphabet", Now)], events);
    }

    [Fact]
    public void An_alias_the_organization_already_has_is_a_conflict_whatever_its_case() =>
        Assert.Throws<ConflictException>(() => AddAliasDecision.Decide(Organization("meta"), new AddAlias("ALIAS", Now)));
}
