namespace TalentPlatform.Compensation;

public enum Level
{
    Intern,
    Junior,
    Mid,
    Senior,
    Staff,
    Principal,
    Director,
    Executive,
}

public sealed record Location(string Country, string? City = null);

/// <summary>One pay component as given: <see cref="Amount"/> for a point, average or median; <see cref="Min"/> and <see cref="Max"/> for a range.</summary>
public sealed record Figure(decimal? Amount = null, decimal? Min = null, decimal? Max = null);

/// <summary>Pay split as reported; every component optional, at least one given. One-off sign-on is never recurring pay.</summary>
public sealed record Components(Figure? Base = null, Figure? Bonus = null, Figure? EquityPerYear = null, Figure? SignOn = null)
{
    public IEnumerable<(string Name, Figure Figure)> Given()
    {
        if (Base is not null)
        {
            yield return ("base", Base);
        }

        if (Bonus is not null)
        {
            yield return ("bonus", Bonus);
        }

        if (EquityPerYear is not null)
        {
            yield return ("equityPerYear", EquityPerYear);
        }

        if (SignOn is not null)
        {
            yield return ("signOn", SignOn);
        }
    }
}
