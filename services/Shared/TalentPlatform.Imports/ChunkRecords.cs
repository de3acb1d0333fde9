using Marten;

namespace TalentPlatform.Imports;

/// <summary>The records a chunk's rows wrote, kept with the chunk as one document (not one per row).</summary>
internal sealed class ChunkRecords(int capacity)
{
    private readonly List<long> _lines = new(capacity);
    private readonly List<string> _ids = new(capacity);

    public void Add(long line, string id)
    {
        _lines.Add(line);
        _ids.Add(id);
    }

    /// <summary>Stages the document in the chunk's transaction; the import's applied rows so far come before it.</summary>
    public void Stage(IDocumentSession session, Import import)
    {
        if (_ids.Count > 0)
        {
            var offset = import.RowsApplied;
            session.Insert(new ImportRecords($"{import.Id}:{offset}", import.Id, offset, offset + _ids.Count, [.. _lines], [.. _ids]));
        }
    }
}
