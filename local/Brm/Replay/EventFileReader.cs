using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using BatchRuntimeMonitor.Local.EventBridge;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// Streams events from files and folders: JSON Lines of EventBridge events, a JSON array of them, CloudTrail log
/// files ({"Records": [...]}, each record wrapped as an "AWS API Call via CloudTrail" event), a single event, and
/// gzip of any of these; also the forms an event archive takes in S3: Firehose objects (events written one after
/// the other with no delimiter, <see cref="ConcatenatedJson"/>), CloudWatch Logs exports
/// (<see cref="CloudWatchLogsExportLine"/>) and CloudWatch Logs JSON (the CLI's get-log-events or filter-log-events
/// output, subscription records). JSON Lines are read line by line, so a day of events never sits in memory whole.
/// </summary>
/// <remarks>
/// A folder is walked for files named .json, .jsonl or .ndjson (gzipped or not), which are read whatever they hold,
/// and for files with any other name that start like events (Firehose names its objects without an extension); a
/// file of a folder that does not is reported as not read (<see cref="MalformedInput.FileNotRead"/>), never dropped
/// unseen. gzip is recognised by its magic bytes, not by the name.
/// </remarks>
/// <param name="linePool">
/// Where to rent each JSON Lines event's bytes (<see cref="InputEvent.Pooled"/>), for a caller that releases every event
/// it takes (the replay); null: each event owns its line for as long as it is reachable.
/// </param>
/// <param name="outputDirectory">The replay's own --out folder: its files, written as the input is read, are not input.</param>
public sealed partial class EventFileReader(Action<MalformedInput> onMalformed, ArrayPool<byte>? linePool = null, string? outputDirectory = null)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true };

    /// <summary>The input name that reads standard input (`zcat *.gz | brm replay -`); its events and reports name it "stdin".</summary>
    public const string StandardInput = "-";

    private readonly Action<MalformedInput> _onMalformed = onMalformed;
    private readonly ArrayPool<byte>? _linePool = linePool;

    /// <summary>What a replay writes in its --out folder beside summary.json: a folder holding them is a replay's output.</summary>
    private static readonly HashSet<string> ReplayOutputNames = new(["jobs.jsonl", "instances.jsonl", "emf.jsonl", "insights.jsonl", "dlq.jsonl"], StringComparer.Ordinal);

    /// <summary>
    /// The files to read: each file named, and each file under each folder named, in name order. A folder's file is
    /// <see cref="EventFile.ByContent"/> when its name is not that of an event file: it is read only if it starts
    /// like one. A folder's files that are a replay's output (in <paramref name="outputDirectory"/>, this replay's, or
    /// named as one beside a summary.json) are listed as not read (<see cref="EventFile.NotRead"/>): read, each of
    /// their lines was a rejected event.
    /// </summary>
    public static IEnumerable<EventFile> ExpandPaths(IEnumerable<string> paths, string? outputDirectory = null)
    {
        var output = outputDirectory is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        foreach (var path in paths)
        {
            if (path == StandardInput)
            {
                yield return new EventFile(path, ByContent: false);
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(file => !IsReplayAnswer(file))
                    .Order(StringComparer.Ordinal))
                {
                    yield return new EventFile(file, ByContent: !HasEventFileName(file), NotRead: WhyReplayOutput(file, output));
                }
            }
            else if (File.Exists(path))
            {
                yield return new EventFile(path, ByContent: false);
            }
            else
            {
                throw new FileNotFoundException($"no such file or folder: {path}", path);
            }
        }
    }

    /// <summary>
    /// Every file's events, merged by event time: EventBridge interleaves its sources, and a simulator or an
    /// archive export writes them per source. Each file is read lazily, so only one event per file is held.
    /// Within a file the order is kept (delivery order, out of order as it may be).
    /// </summary>
    public IEnumerable<InputEvent> Read(IEnumerable<string> paths)
    {
        var heads = new PriorityQueue<IEnumerator<InputEvent>, (DateTimeOffset Time, int File)>();
        var files = ExpandPaths(paths, outputDirectory).ToList();
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                if (files[i].NotRead is { } why)
                {
                    _onMalformed(MalformedInput.FileNotRead(files[i].Path, why));
                    continue;
                }

                var reader = ReadFile(files[i].Path, files[i].ByContent).GetEnumerator();
                if (reader.MoveNext())
                {
                    heads.Enqueue(reader, (TimeOf(reader.Current), i));
                }
                else
                {
                    reader.Dispose();
                }
            }

            while (heads.TryDequeue(out var reader, out var key))
            {
                yield return reader.Current;
                if (reader.MoveNext())
                {
                    // A file's own order is kept even when its next event is stamped earlier than the last one.
                    var next = TimeOf(reader.Current);
                    heads.Enqueue(reader, (next > key.Time ? next : key.Time, key.File));
                }
                else
                {
                    reader.Dispose();
                }
            }
        }
        finally
        {
            while (heads.TryDequeue(out var reader, out _))
            {
                reader.Dispose();
            }
        }
    }

    private static DateTimeOffset TimeOf(InputEvent input) => input.Time ?? DateTimeOffset.MinValue;

    private static string? WhyReplayOutput(string file, string? output)
    {
        // The files the replay writes sit in --out itself; a folder below it may be input (brm demo replays out/events).
        if (output is not null && string.Equals(Path.GetDirectoryName(Path.GetFullPath(file)), output, StringComparison.Ordinal))
        {
            return "not an event file: it is in this replay's --out folder";
        }

        return ReplayOutputNames.Contains(Path.GetFileName(file)) && File.Exists(Path.Combine(Path.GetDirectoryName(file)!, "summary.json"))
            ? "not an event file: a replay's output (summary.json beside it)"
            : null;
    }

    /// <summary>The simulator's and the replay's answers, which sit beside events in a folder and are not events.</summary>
    private static bool IsReplayAnswer(string path) => Path.GetFileName(path) is "ground-truth.json" or "summary.json";

    private static bool HasEventFileName(string path)
    {
        var name = Path.GetFileName(path);
        var inner = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
        return inner.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || inner.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            || inner.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);
    }

    private IEnumerable<InputEvent> ReadFile(string path, bool byContent)
    {
        var file = path == StandardInput ? "stdin" : path;
        if (!TryOpen(path, out var opened, out var failure))
        {
            // Gone since the folder was listed, a broken link, no permission: the file's events are lost, so counted.
            _onMalformed(new MalformedInput(file, 1, $"the file cannot be opened: {failure.Message}"));
            yield break;
        }

        using var stream = opened;
        long lineNumber = 0;
        foreach (var input in ReadEvents(stream, file, byContent, line => lineNumber = line))
        {
            yield return input;
        }

        if (stream.Damage is { } damage)
        {
            _onMalformed(new MalformedInput(file, Math.Max(lineNumber, 1), $"the file cannot be read after its first {stream.BytesRead:N0} bytes ({damage.Message}): the events before are read, the rest is lost"));
        }
    }

    /// <param name="reached">Told the number of each line as it is read, for the report of a file that breaks off.</param>
    private IEnumerable<InputEvent> ReadEvents(DamageTolerantStream stream, string file, bool byContent, Action<long> reached)
    {
        using var reader = new Utf8LineReader(stream);
        var first = reader.PeekNonWhiteSpace();
        if (first is 0xFF or 0xFE)
        {
            _onMalformed(new MalformedInput(file, 1, "UTF-16 text (byte order mark): events are read as UTF-8; convert the file"));
            yield break;
        }

        if (byContent && WhyNotEvents(reader, first) is { } why)
        {
            // A file that breaks in its first bytes is reported as damaged (by ReadFile), not as one without events.
            if (stream.Damage is null)
            {
                _onMalformed(MalformedInput.FileNotRead(file, why));
            }

            yield break;
        }

        if (first == '{' && StartsRecords(reader))
        {
            foreach (var input in ReadRecords(reader, file, reached))
            {
                yield return input;
            }

            yield break;
        }

        if (first == '[' || LooksLikeWholeDocument(file) || OpensDocumentOnItsOwnLine(reader))
        {
            foreach (var input in ReadWholeDocument(reader.ReadToEnd(), file))
            {
                yield return input;
            }

            yield break;
        }

        long lineNumber = 0;
        while (reader.TryReadLine(out var line))
        {
            reached(++lineNumber);
            if (IsBlank(line.Span))
            {
                continue;
            }

            // The line's own length is the event's size: no second serialisation just to check EventBridge's limit.
            var size = line.Length;
            if (char.IsAsciiDigit((char)line.Span[0]) && CloudWatchLogsExportLine.TryFindMessage(line.Span, out var messageStart))
            {
                line = line[messageStart..];
                size = line.Length;
            }

            if (!TryParse(line, out var document, out var utf8, out var pooled, out var error))
            {
                if (ConcatenatedJson.TrySplit(line.Span, _values, out var broken))
                {
                    foreach (var input in ReadConcatenated(line, [.. _values], broken, file, lineNumber))
                    {
                        yield return input;
                    }
                }
                else
                {
                    _onMalformed(new MalformedInput(file, lineNumber, $"not JSON: {error.Message}", ReplayRunner.Truncated(line.Span)));
                }

                continue;
            }

            if (TryLineEvent(document, utf8, pooled, file, lineNumber, size, out var lineEvent))
            {
                yield return lineEvent;
                continue;
            }

            // An array, a CloudTrail record or log file on one line, CloudWatch Logs JSON, or not an event (rare): the
            // general path. Events built over the document keep it, and pooled bytes with it, for good: they are
            // never released.
            foreach (var input in Unpack(document.RootElement, file, lineNumber))
            {
                yield return input;
            }
        }
    }

    /// <summary>The value ranges of the line being read, when it is a concatenation (reused: rare, and one line at a time).</summary>
    private readonly List<Range> _values = [];

    /// <summary>
    /// Parses a line or one value of it from its own copy (the line reader reuses its buffer), parsed where it lies:
    /// JsonDocument reads the memory it is given in place, so these bytes are the event's Utf8 at no further copy.
    /// Pooled, the copy is in a rented array that goes back, with the document's index, when the replay is done with
    /// the event; unpooled, the document is never disposed (the event lives on in the pipeline, and the index, rented
    /// from the shared pool and not returned, is left to the collector like any other array).
    /// </summary>
    private bool TryParse(ReadOnlyMemory<byte> text, out JsonDocument document, out ReadOnlyMemory<byte> utf8, out PooledLine? pooled, [NotNullWhen(false)] out JsonException? error)
    {
        pooled = _linePool is null ? null : PooledLine.Rent(text.Span, _linePool);
        utf8 = pooled is null ? text.ToArray() : pooled.Line;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            pooled?.Release();
            pooled = null;
            document = null!;
            error = ex;
            return false;
        }
    }

    /// <summary>The event a line (or one value of a line) is, read where it was parsed; false for anything else.</summary>
    private static bool TryLineEvent(JsonDocument document, ReadOnlyMemory<byte> utf8, PooledLine? pooled, string file, long line, int size, out InputEvent input)
    {
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && EventEnvelope.Read(root) is { DuplicateName: null, IsEventBridgeEvent: true } envelope)
        {
            var text = TrimmedRange(utf8.Span);
            pooled?.Own(document, text);
            input = InputEvent.FromLine(root, pooled is null ? utf8[text] : pooled.Text, envelope, file, line, size, pooled);
            return true;
        }

        input = default;
        return false;
    }

    /// <summary>Why a folder's file with no event file name is not read, or null when it starts like events.</summary>
    private static string? WhyNotEvents(Utf8LineReader reader, int first)
    {
        if (first < 0)
        {
            return "not an event file: it is empty";
        }

        if (first is '{' or '[')
        {
            return null;
        }

        var head = reader.Peek(64);
        head = head[head.IndexOfAnyExcept(JsonWhiteSpace)..];
        if (char.IsAsciiDigit((char)first) && CloudWatchLogsExportLine.TryFindMessage(head, out _))
        {
            return null;
        }

        var shown = first is >= 0x20 and < 0x7F ? $"'{(char)first}'" : $"byte 0x{first:X2}";
        return $"not an event file: it starts with {shown}, not with JSON or a CloudWatch Logs export line";
    }

    /// <summary>The line without the JSON white space around the value.</summary>
    private static Range TrimmedRange(ReadOnlySpan<byte> line)
    {
        var start = line.IndexOfAnyExcept(JsonWhiteSpace);
        var end = line.LastIndexOfAnyExcept(JsonWhiteSpace) + 1;
        return start < 0 ? default : start..end;
    }

    private static ReadOnlySpan<byte> JsonWhiteSpace => " \t\r\n"u8;

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;

    /// <summary>
    /// Whether the file is records one after the other (a Firehose object): its first value, whole in the first bytes
    /// read, is followed on the same line by an object or an array. Such a file is read value by value
    /// (<see cref="ReadRecords"/>), not as one line held whole: a folder of Firehose objects, each one line, opened
    /// all at once by the merge, held every object in memory.
    /// </summary>
    private static bool StartsRecords(Utf8LineReader reader)
    {
        var head = reader.Peek(64);
        var json = new Utf8JsonReader(head, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { AllowTrailingCommas = true }));
        try
        {
            if (!json.Read() || !json.TrySkip())
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        var after = head[(int)json.BytesConsumed..];
        var next = after.IndexOfAnyExcept(" \t\r"u8);
        return next >= 0 && after[next] is (byte)'{' or (byte)'[';
    }

    /// <summary>
    /// A Firehose object's records, each read as a JSON Lines line would be (its own bytes, its own size), numbered
    /// from 1 where a line's number would be. A broken record is reported with the byte it starts at, and reading goes
    /// on from the next record's start ('{' right after '}').
    /// </summary>
    private IEnumerable<InputEvent> ReadRecords(Utf8LineReader reader, string file, Action<long> reached)
    {
        long record = 0;
        while (true)
        {
            var outcome = reader.TryReadValue(out var value, out var error);
            if (outcome == ValueRead.End)
            {
                yield break;
            }

            reached(++record);
            if (outcome == ValueRead.Broken)
            {
                var at = reader.Position;
                var (skipped, found) = reader.SkipToNextRecord();
                _onMalformed(new MalformedInput(file, record, $"not JSON: record {record}, at byte {at + 1:N0}: {error!.Message} ({(found ? $"{skipped:N0} bytes skipped to the next record" : $"the {skipped:N0} bytes to the end are not read")})"));
                if (!found)
                {
                    yield break;
                }

                continue;
            }

            foreach (var input in ReadWholeValue(value, file, record))
            {
                yield return input;
            }
        }
    }

    /// <summary>
    /// Whether the first line is a lone "{": one pretty-printed document whatever the file's name (the CLI's
    /// CloudWatch Logs output piped in, or saved without an extension), which no JSON Lines file starts with.
    /// </summary>
    private static bool OpensDocumentOnItsOwnLine(Utf8LineReader reader)
    {
        var head = reader.Peek(64);
        var start = head.IndexOfAnyExcept(JsonWhiteSpace);
        if (start < 0 || head[start] != (byte)'{')
        {
            return false;
        }

        var rest = head[(start + 1)..];
        var newline = rest.IndexOf((byte)'\n');
        return newline >= 0 && IsBlank(rest[..newline]);
    }

    /// <summary>A .json file that is one pretty-printed object (a single event or a CloudTrail log file).</summary>
    private static bool LooksLikeWholeDocument(string file)
    {
        var name = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? file[..^3] : file;
        return name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The file's bytes, decompressed when they are gzip. By content, not by name: Firehose's and CloudWatch Logs'
    /// objects are named by their configuration, and a download may have been decompressed on the way. Several gzip
    /// members one after the other (a Firehose object of CloudWatch Logs subscription records) read as one stream.
    /// A file cut short or corrupt ends where it breaks, and says why (<see cref="DamageTolerantStream.Damage"/>).
    /// </summary>
    private static bool TryOpen(string file, [NotNullWhen(true)] out DamageTolerantStream? opened, [NotNullWhen(false)] out Exception? failure)
    {
        Stream? stream = null;
        try
        {
            // Unbuffered: the line reader asks for 256 KB at a time, which a FileStream buffer would only copy again.
            stream = file == StandardInput
                ? Console.OpenStandardInput()
                : new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            var magic = new byte[2];
            var read = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
            if (stream.CanSeek)
            {
                stream.Position = 0;
            }
            else
            {
                stream = new PrefixedStream(magic[..read], stream);
            }

            opened = new DamageTolerantStream(read == 2 && magic[0] == 0x1F && magic[1] == 0x8B ? new CheckedGzipStream(stream) : stream);
            failure = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stream?.Dispose();
            opened = null;
            failure = ex;
            return false;
        }
    }
}
