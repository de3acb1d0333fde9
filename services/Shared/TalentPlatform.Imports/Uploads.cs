using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using CsvHelper;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.Imports;

/// <summary>One reason a row (or the upload) cannot be taken: the field and why.</summary>
internal readonly record struct RowProblem(string Field, string Reason)
{
    /// <summary>
    /// Text as a rejection stores it: a field name taken from the upload (an unknown member's name) may hold a
    /// character PostgreSQL refuses (NUL) or that is never meaningful, so such characters are kept escaped.
    /// </summary>
    public static string Storable(string text)
    {
        if (Text.IsAllowed(text))
        {
            return text;
        }

        var escaped = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (Text.IsAllowed([c]))
            {
                escaped.Append(c);
            }
            else
            {
                escaped.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return escaped.ToString();
    }
}

/// <summary>
/// Reads an upload row by row as it arrives, never holding more than a row and the transport's buffer: each
/// row comes out as the JSON of its single-record body (valid until the next read), or with the problems
/// that kept it from being read.
/// </summary>
internal abstract class UploadReader : IAsyncDisposable
{
    /// <summary>The longest row taken, as for a single-record body.</summary>
    public const int MaxRowBytes = 1024 * 1024;

    /// <summary>The line the current row starts on (1-based; the CSV header is line 1).</summary>
    public long Line { get; protected set; }

    /// <summary>The bytes of the upload read so far.</summary>
    public abstract long BytesRead { get; }

    /// <summary>Why the current row could not be read; empty when <see cref="Json"/> holds it.</summary>
    public List<RowProblem> Problems { get; } = [];

    public abstract ReadOnlySpan<byte> Json { get; }

    /// <summary>Problems with the upload as a whole (a CSV header that names no field), found before any row.</summary>
    public virtual ValueTask<IReadOnlyList<RowProblem>> StartAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<RowProblem>>([]);

    /// <summary>Moves to the next row; false at the end of the upload.</summary>
    public abstract ValueTask<bool> ReadAsync(CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// <c>application/x-ndjson</c>: one JSON object per line, exactly the body of the single-record POST. Blank
/// lines are passed over; a line longer than <see cref="UploadReader.MaxRowBytes"/> is rejected and skipped.
/// </summary>
internal sealed class NdjsonUploadReader(PipeReader body) : UploadReader
{
    private readonly ArrayBufferWriter<byte> _row = new(4096);
    private ReadOnlySequence<byte> _buffer;
    private bool _holding;
    private bool _completed;
    private bool _skippingLongLine;
    private long _bytesRead;

    public override long BytesRead => _bytesRead;

    public override ReadOnlySpan<byte> Json => _row.WrittenSpan;

    public override async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        Problems.Clear();
        _row.ResetWrittenCount();
        while (true)
        {
            if (!_holding)
            {
                var result = await body.ReadAsync(cancellationToken);
                _buffer = result.Buffer;
                _completed = result.IsCompleted;
                _holding = true;
            }

            var position = _buffer.PositionOf((byte)'\n');
            if (position is { } newline)
            {
                var line = _buffer.Slice(0, newline);
                _buffer = _buffer.Slice(_buffer.GetPosition(1, newline));
                _bytesRead += line.Length + 1;
                if (_skippingLongLine)
                {
                    _skippingLongLine = false;
                    continue;
                }

                Line++;
                if (Take(line))
                {
                    return true;
                }

                continue;
            }

            if (_buffer.Length > MaxRowBytes && !_skippingLongLine)
            {
                // The rest of this line is read and dropped; the row is reported once.
                Line++;
                _skippingLongLine = true;
                _bytesRead += _buffer.Length;
                Release(_buffer.End);
                Problems.Add(new RowProblem("row", $"The line is longer than {MaxRowBytes} bytes."));
                return true;
            }

            if (_skippingLongLine && _buffer.Length > 0)
            {
                _bytesRead += _buffer.Length;
                Release(_buffer.End);
                if (_completed)
                {
                    return false;
                }

                continue;
            }

            if (_completed)
            {
                if (_buffer.Length > 0)
                {
                    // The last line, without a line break after it.
                    var last = _buffer;
                    _bytesRead += last.Length;
                    _buffer = _buffer.Slice(_buffer.End);
                    Line++;
                    if (Take(last))
                    {
                        return true;
                    }
                }

                Release(_buffer.End);
                return false;
            }

            // No whole line left: give the transport back what was used and wait for more.
            body.AdvanceTo(_buffer.Start, _buffer.End);
            _holding = false;
        }
    }

    /// <summary>Copies a line in as the current row; false for a blank line.</summary>
    private bool Take(ReadOnlySequence<byte> line)
    {
        if (line.Length > 0 && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
        {
            line = line.Slice(0, line.Length - 1);
        }

        if (line.Length > MaxRowBytes)
        {
            Problems.Add(new RowProblem("row", $"The line is longer than {MaxRowBytes} bytes."));
            return true;
        }

        line.CopyTo(_row.GetSpan((int)line.Length));
        _row.Advance((int)line.Length);
        if (Json.Trim(" \t"u8).IsEmpty)
        {
            _row.ResetWrittenCount();
            return false;
        }

        return true;
    }

    private void Release(SequencePosition consumed)
    {
        if (_holding)
        {
            body.AdvanceTo(consumed);
            _holding = false;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_holding)
        {
            body.AdvanceTo(_buffer.Start);
            _holding = false;
        }

        await ValueTask.CompletedTask;
    }
}

/// <summary>
/// <c>text/csv</c> (RFC 4180, comma-separated, UTF-8): a header row naming the fields of the single-record
/// body, nested fields dotted (<c>components.base.amount</c>); each record becomes that body's JSON
/// (<see cref="CsvShape"/>). Malformed records (bad quoting, a field count other than the header's) are
/// rejected with their line; parsing is CsvHelper's.
/// </summary>
internal sealed class CsvUploadReader : UploadReader
{
    private readonly CsvReader _csv;
    private readonly JsonSerializerOptions _json;
    private readonly Type _rowType;
    private readonly string? _routeKey;
    private readonly Queue<CsvMalformedRecord> _malformed = new();
    private readonly Queue<(long Line, RowProblem Problem)> _skipped = new();
    private readonly ArrayBufferWriter<byte> _record = new(4096);
    private readonly List<RowProblem> _recordProblems = [];
    private CsvShape? _shape;
    private bool _recordWaiting;
    private bool _showingRecord;
    private bool _ended;
    private long _recordLine;

    public CsvUploadReader(Stream body, JsonSerializerOptions json, Type rowType, string? routeKey)
    {
        _json = json;
        _rowType = rowType;
        _routeKey = routeKey;
        _csv = CsvReader.Create(body, new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            DetectSeparatorHint = false,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            MaxRecordSize = MaxRowBytes,
            IncludeValuesInExceptions = false,
            OnMalformedRecord = _malformed.Enqueue,
        }, leaveOpen: true);
    }

    public override long BytesRead => _csv.ByteOffset;

    public override ReadOnlySpan<byte> Json => _showingRecord ? _record.WrittenSpan : default;

    public override async ValueTask<IReadOnlyList<RowProblem>> StartAsync(CancellationToken cancellationToken)
    {
        await _csv.ReadHeaderAsync(cancellationToken);
        var problems = new List<RowProblem>();
        _shape = CsvShape.Build(_csv.Headers, _json, _rowType, _routeKey, problems);
        return problems;
    }

    public override async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        Problems.Clear();
        _showingRecord = false;
        if (!_recordWaiting && !_ended)
        {
            _record.ResetWrittenCount();
            _recordProblems.Clear();
            if (await _csv.ReadAsync(cancellationToken))
            {
                _recordWaiting = true;
                _recordLine = _csv.LineNumber;
                using var writer = new Utf8JsonWriter(_record);
                _shape!.Write(_csv, writer, _recordProblems);
            }
            else
            {
                _ended = true;
            }

            // Records skipped as malformed were found on the way, before the one just read.
            while (_malformed.TryDequeue(out var malformed))
            {
                _skipped.Enqueue((malformed.LineNumber, new RowProblem("row", Reason(malformed.Reason))));
            }
        }

        if (_skipped.TryDequeue(out var skipped))
        {
            Line = skipped.Line;
            Problems.Add(skipped.Problem);
            return true;
        }

        if (!_recordWaiting)
        {
            return false;
        }

        _recordWaiting = false;
        _showingRecord = true;
        Line = _recordLine;
        Problems.AddRange(_recordProblems);
        return true;
    }

    private static string Reason(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.FieldCountMismatch => "The record does not have as many fields as the header.",
        CsvMalformedReason.UnterminatedQuote => "A quoted field is never closed.",
        CsvMalformedReason.StrayQuote => "A quote inside an unquoted field.",
        CsvMalformedReason.TextAfterClosingQuote => "Text after the closing quote of a field.",
        CsvMalformedReason.LineBreakInQuotes => "A line break inside a quoted field.",
        _ => "The record is not valid CSV.",
    };

    public override async ValueTask DisposeAsync() => await _csv.DisposeAsync();
}
