namespace TalentPlatform.Deals.Contracts;

// The words the contracts' strings use, kebab-case on the wire ("rumoured", "value"). Deals decides with
// them and Insights reads with them, so a word is named once; a consumer still reads the string, because a
// contract version may gain a word it does not know yet (docs/integration-events.md, "Versioning").

/// <summary>Where a deal is in its life: rumoured → announced → closed, or cancelled.</summary>
public enum DealStatus
{
    Rumoured,
    Announced,
    Closed,
    Cancelled,
}

/// <summary>The terms of a deal that are claimed, each claim with its own source.</summary>
public enum DealTerm
{
    Value,
    Stake,
}
