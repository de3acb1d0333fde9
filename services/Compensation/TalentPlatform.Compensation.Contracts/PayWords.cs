namespace TalentPlatform.Compensation.Contracts;

// The words the contracts' strings use, kebab-case on the wire ("annual", "one-off", "range"). Compensation
// validates with them and Insights reads with them, so a word is named once; a consumer still reads the
// string, because a contract version may gain a word it does not know yet (docs/integration-events.md).

/// <summary>How often pay is given.</summary>
public enum PayPeriod
{
    Annual,
    Monthly,
    Hourly,
    OneOff,
}

/// <summary>What kind of figure a report gives: one value, a mean, a median, or a band.</summary>
public enum FigureKind
{
    Point,
    Average,
    Median,
    Range,
}
