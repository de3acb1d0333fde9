namespace TalentPlatform.Vocabulary;

/// <summary>An amount in its original currency (ISO 4217), never converted.</summary>
public sealed record Money(decimal Amount, string Currency);

/// <summary>An amount as a request states it.</summary>
public sealed record MoneyRequest(decimal Amount, string Currency);
