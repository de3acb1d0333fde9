namespace TalentPlatform.People.Importing;

/// <summary>
/// The organizations an import's rows name: read from the store once per chunk, and those its earlier rows
/// registered (before either is committed). Slugs found missing are asked again at the next chunk.
/// </summary>
internal sealed class ImportedOrganizations : IOrganizations
{
    private readonly Dictionary<string, Organization?> _known = new(StringComparer.Ordinal);
    private IQuerySession? _session;

    public async Task LoadAsync(IQuerySession session, IEnumerable<string?> slugs, CancellationToken cancellationToken)
    {
        _session = session;
        foreach (var missing in _known.Where(known => known.Value is null).Select(known => known.Key).ToList())
        {
            _known.Remove(missing);
        }

        var unknown = slugs.OfType<string>().Where(slug => Slugs.IsValid(slug) && !_known.ContainsKey(slug)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        foreach (var slug in unknown)
        {
            _known[slug] = null;
        }

        foreach (var found in await session.LoadManyAsync<Organization>(cancellationToken, unknown.Select(OrganizationIds.For)))
        {
            _known[found.Slug] = found;
        }
    }

    /// <summary>An organization an earlier row registered.</summary>
    public void Registered(Organization organization) => _known[organization.Slug] = organization;

    public async ValueTask<Organization?> FindAsync(string? slug, CancellationToken cancellationToken)
    {
        if (!Slugs.IsValid(slug))
        {
            return null;
        }

        if (!_known.TryGetValue(slug!, out var organization) && _session is not null)
        {
            _known[slug!] = organization = await OrganizationCommands.FindAsync(_session, slug, cancellationToken);
        }

        return organization;
    }
}

/// <summary>
/// The people an import's rows change, as their earlier rows left them: read from the store once per chunk,
/// each with its stream version, so that a chunk appends to a person with the version it decided on.
/// </summary>
internal sealed class ImportedPeople
{
    private readonly Dictionary<Guid, Person?> _people = [];

    public async Task LoadAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        foreach (var missing in _people.Where(known => known.Value is null).Select(known => known.Key).ToList())
        {
            _people.Remove(missing);
        }

        var unknown = ids.Where(id => !_people.ContainsKey(id)).Distinct().ToList();
        foreach (var id in unknown)
        {
            _people[id] = null;
        }

        if (unknown.Count > 0)
        {
            foreach (var person in await session.LoadManyAsync<Person>(cancellationToken, unknown))
            {
                _people[person.Id] = person;
            }
        }
    }

    public Person? Find(Guid id) => _people.GetValueOrDefault(id);

    /// <summary>
    /// Stages the events a decision made on <paramref name="person"/>, expecting the version it was decided on
    /// when the chunk commits; the person as they now stand is what the next row sees.
    /// </summary>
    public void Append(IDocumentSession session, Person person, IReadOnlyList<object> events)
    {
        var stream = session.Events.Append(person.Id, events);
        stream.ExpectedVersionOnServer ??= person.Version;
        var after = events.Aggregate(person, (current, @event) => Person.Fold(current, @event)!);
        after.Version = person.Version + events.Count;
        _people[person.Id] = after;
    }
}
