namespace TalentPlatform.Insights;

/// <summary>How far a count can be trusted: exactly, as a floor, as a ceiling, or not at all in either direction.</summary>
public enum Bound
{
    Exact,
    AtLeast,
    AtMost,
    Unbounded,
}

/// <summary>
/// A count with its bound. A group move reported as "more than twenty" counts 20, at least: a total of counts is at
/// least its value when any part is, and a difference inherits the bounds of its sides turned around for the part
/// subtracted — inflow (exact) 1 minus outflow (at least 20) is −19 at most. Two sides bounded the same way
/// (at least minus at least) leave the difference unbounded: it is shown, but says nothing either way.
/// </summary>
public sealed record BoundedCount(int Value, Bound Bound)
{
    public static BoundedCount Exactly(int value) => new(value, Bound.Exact);

    /// <summary>The total of counts, each reported exactly or as a minimum.</summary>
    public static BoundedCount Total(IEnumerable<(int Value, bool IsMinimum)> parts)
    {
        var value = 0;
        var minimum = false;
        foreach (var part in parts)
        {
            value += part.Value;
            minimum |= part.IsMinimum;
        }

        return new BoundedCount(value, minimum ? Bound.AtLeast : Bound.Exact);
    }

    public static BoundedCount operator -(BoundedCount left, BoundedCount right) => new(left.Value - right.Value, Combine(left.Bound, Reversed(right.Bound)));

    private static Bound Reversed(Bound bound) => bound switch
    {
        Bound.AtLeast => Bound.AtMost,
        Bound.AtMost => Bound.AtLeast,
        _ => bound,
    };

    private static Bound Combine(Bound left, Bound right) => (left, right) switch
    {
        (Bound.Unbounded, _) or (_, Bound.Unbounded) => Bound.Unbounded,
        (Bound.Exact, _) => right,
        (_, Bound.Exact) => left,
        _ when left == right => left,
        _ => Bound.Unbounded,
    };
}
