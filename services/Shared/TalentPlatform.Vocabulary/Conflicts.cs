namespace TalentPlatform.Vocabulary;

/// <summary>
/// A command that the current state refuses (an illegal transition, a duplicate): 409 with the reason.
/// Decisions throw it; the problem details handler writes it.
/// </summary>
public sealed class ConflictException(string reason) : Exception(reason);
