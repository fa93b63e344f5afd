using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// Streams events from files and folders: JSON Lines of EventBridge events, a JSON array of them, CloudTrail log
/// files ({"Records": [...]}, each record wrapped as an "AWS API Call via CloudTrail" event), a single event, and
/// .gz of any of these. JSON Lines are read line by line, so a day of events never sits in memory whole.
/// </summary>
/// <param name="linePool">
/// Where to rent each JSON Lines event's bytes (<see cref="InputEvent.Pooled"/>), for a caller that releases every event
/// it takes (the replay); null: each event owns its line for as long as it is reachable.
/// </param>
public sealed class EventFileReader(Action<MalformedInput> onMalformed, ArrayPool<byte>? linePool = null)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true };

    public static IEnumerable<string> ExpandPaths(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(IsEventFile)
                    .Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else if (File.Exists(path))
            {
                yield return path;
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
        var files = ExpandPaths(paths).ToList();
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var reader = ReadFile(files[i]).GetEnumerator();
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

    private static bool IsEventFile(string path)
    {
        var name = Path.GetFileName(path);
        if (name is "ground-truth.json" or "summary.json")
        {
            return false; // the simulator's answers sit beside its events; they are not events
        }

        var inner = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
        return inner.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || inner.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            || inner.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);
    }

    private IEnumerable<InputEvent> ReadFile(string file)
    {
        using var stream = Open(file);
        using var reader = new Utf8LineReader(stream);
        var first = reader.PeekNonWhiteSpace();
        if (first is 0xFF or 0xFE)
        {
            onMalformed(new MalformedInput(file, 1, "UTF-16 text (byte order mark): events are read as UTF-8; convert the file"));
            yield break;
        }

        if (first == '[' || LooksLikeWholeDocument(file))
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
            lineNumber++;
            if (IsBlank(line.Span))
            {
                continue;
            }

            // The event's own copy of the line (the reader reuses its buffer), parsed where it lies: JsonDocument reads
            // the memory it is given in place, so these bytes are the event's Utf8 at no further copy. Pooled, the copy
            // is in a rented array that goes back, with the document's index, when the replay is done with the event.
            var pooled = linePool is null ? null : PooledLine.Rent(line.Span, linePool);
            var utf8 = pooled is null ? line.ToArray() : pooled.Line;
            JsonDocument document;
            try
            {
                // Unpooled, never disposed: the event lives on in the pipeline, and the document's index, rented from
                // the shared pool and not returned, is left to the collector like any other array.
                document = JsonDocument.Parse(utf8, DocumentOptions);
            }
            catch (JsonException ex)
            {
                pooled?.Release();
                onMalformed(new MalformedInput(file, lineNumber, $"not JSON: {ex.Message}", ReplayRunner.Truncated(Encoding.UTF8.GetString(line.Span))));
                continue;
            }

            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && EventEnvelope.Read(root) is { DuplicateName: null, IsEventBridgeEvent: true } envelope)
            {
                var text = TrimmedRange(utf8.Span);
                pooled?.Own(document, text);

                // The line's own length is the event's size: no second serialisation just to check EventBridge's limit.
                yield return InputEvent.FromLine(root, pooled is null ? utf8[text] : pooled.Text, envelope, file, lineNumber, line.Length, pooled);
                continue;
            }

            // An array, a CloudTrail record or log file on one line, or not an event (rare): the general path. Events
            // built over the document keep it, and pooled bytes with it, for good: they are never released.
            foreach (var input in Unpack(root, file, lineNumber))
            {
                yield return input;
            }
        }
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

    /// <summary>A .json file that is one pretty-printed object (a single event or a CloudTrail log file).</summary>
    private static bool LooksLikeWholeDocument(string file)
    {
        var name = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? file[..^3] : file;
        return name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
    }

    private IEnumerable<InputEvent> ReadWholeDocument(byte[] utf8, string file)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(utf8, DocumentOptions).RootElement;
        }
        catch (JsonException ex)
        {
            onMalformed(new MalformedInput(file, (ex.LineNumber ?? 0) + 1, $"not JSON: {ex.Message}"));
            yield break;
        }

        foreach (var input in Unpack(root, file, 1))
        {
            yield return input;
        }
    }

    /// <summary>
    /// The events in a parsed value: each element of an array, the records of a CloudTrail log file (wrapped), an
    /// event, or a CloudTrail record (wrapped). Their sizes are measured as they are written out; only a JSON Lines
    /// event has its line's.
    /// </summary>
    private IEnumerable<InputEvent> Unpack(JsonElement value, string file, long line)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                var count = value.GetArrayLength();
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    index++;
                    foreach (var input in Unpack(item, file, count == 1 ? line : index))
                    {
                        yield return input;
                    }
                }

                yield break;
            case JsonValueKind.Object:
                var envelope = EventEnvelope.Read(value);
                if (envelope.DuplicateName is { } duplicate)
                {
                    onMalformed(Duplicated(file, line, duplicate, value));
                }
                else if (envelope.Records.ValueKind == JsonValueKind.Array)
                {
                    var recordIndex = 0;
                    foreach (var record in envelope.Records.EnumerateArray())
                    {
                        recordIndex++;
                        if (record.ValueKind != JsonValueKind.Object)
                        {
                            onMalformed(new MalformedInput(file, recordIndex, "CloudTrail Records entry is not an object"));
                        }
                        else if (EventEnvelope.Read(record).DuplicateName is { } duplicateInRecord)
                        {
                            onMalformed(Duplicated(file, recordIndex, duplicateInRecord, record));
                        }
                        else
                        {
                            yield return InputEvent.Of(CloudTrailEnvelope.Wrap(JsonObject.Create(record)!), file, recordIndex, null);
                        }
                    }
                }
                else if (envelope.IsEventBridgeEvent)
                {
                    yield return InputEvent.FromElement(value, envelope, file, line);
                }
                else if (IsSet(value, "eventSource"u8) && IsSet(value, "eventName"u8))
                {
                    yield return InputEvent.Of(CloudTrailEnvelope.Wrap(JsonObject.Create(value)!), file, line, null);
                }
                else
                {
                    onMalformed(NotAnEvent(file, line, value));
                }

                yield break;
            default:
                onMalformed(NotAnEvent(file, line, value));
                yield break;
        }
    }

    private static bool IsSet(JsonElement obj, ReadOnlySpan<byte> name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static MalformedInput NotAnEvent(string file, long line, JsonElement value) =>
        new(file, line, "not an EventBridge event (no detail-type/detail), a CloudTrail record or a CloudTrail log file", value.ValueKind == JsonValueKind.Null ? null : ReplayRunner.Truncated(ToNode(value)!.ToJsonString()));

    private static MalformedInput Duplicated(string file, long line, string name, JsonElement value) =>
        new(file, line, $"the property \"{name}\" appears more than once in one object (JSON leaves its value undefined)", ReplayRunner.Truncated(ToNode(value)!.ToJsonString()));

    /// <summary>The node JsonNode.Parse would give for a parsed value (JSON null is null).</summary>
    private static JsonNode? ToNode(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(value),
        JsonValueKind.Array => JsonArray.Create(value),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(value),
    };

    private static Stream Open(string file)
    {
        // Unbuffered: the line reader asks for 256 KB at a time, which a FileStream buffer would only copy again.
        Stream stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }
}
