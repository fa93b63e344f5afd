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
public sealed class EventFileReader(Action<MalformedInput> onMalformed)
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

            JsonNode? node;
            try
            {
                // Parsed straight from the UTF-8 bytes: no string per line.
                node = JsonNode.Parse(line.Span, documentOptions: DocumentOptions);
            }
            catch (JsonException ex)
            {
                onMalformed(new MalformedInput(file, lineNumber, $"not JSON: {ex.Message}", ReplayRunner.Truncated(Encoding.UTF8.GetString(line.Span))));
                continue;
            }

            // The line's own length is the event's size: no second serialisation just to check EventBridge's limit.
            foreach (var input in Unpack(node, file, lineNumber, line))
            {
                yield return input;
            }
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;

    /// <summary>A .json file that is one pretty-printed object (a single event or a CloudTrail log file).</summary>
    private static bool LooksLikeWholeDocument(string file)
    {
        var name = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? file[..^3] : file;
        return name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
    }

    private IEnumerable<InputEvent> ReadWholeDocument(byte[] utf8, string file)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, documentOptions: DocumentOptions);
        }
        catch (JsonException ex)
        {
            onMalformed(new MalformedInput(file, (ex.LineNumber ?? 0) + 1, $"not JSON: {ex.Message}"));
            yield break;
        }

        foreach (var input in Unpack(node, file, 1, ReadOnlyMemory<byte>.Empty))
        {
            yield return input;
        }
    }

    /// <param name="lineText">The JSON Lines line that held exactly this node (its size is the event's), else empty.</param>
    private IEnumerable<InputEvent> Unpack(JsonNode? node, string file, long line, ReadOnlyMemory<byte> lineText)
    {
        switch (node)
        {
            case JsonArray array:
                var index = 0;
                foreach (var item in array)
                {
                    index++;
                    foreach (var input in Unpack(item?.DeepClone(), file, array.Count == 1 ? line : index, ReadOnlyMemory<byte>.Empty))
                    {
                        yield return input;
                    }
                }

                break;
            case JsonObject { } obj when obj["Records"] is JsonArray records:
                var recordIndex = 0;
                foreach (var record in records)
                {
                    recordIndex++;
                    if (record is JsonObject)
                    {
                        yield return InputEvent.Of(CloudTrailEnvelope.Wrap(record.DeepClone()), file, recordIndex, null);
                    }
                    else
                    {
                        onMalformed(new MalformedInput(file, recordIndex, "CloudTrail Records entry is not an object"));
                    }
                }

                break;
            case JsonObject obj when obj["detail-type"] is not null && obj["detail"] is not null:
                yield return lineText.IsEmpty ? InputEvent.Of(obj, file, line, null) : InputEvent.Of(obj, file, line, lineText.Length, lineText.ToArray());
                break;
            case JsonObject obj when obj["eventSource"] is not null && obj["eventName"] is not null:
                yield return InputEvent.Of(CloudTrailEnvelope.Wrap(obj), file, line, null);
                break;
            default:
                onMalformed(new MalformedInput(file, line, "not an EventBridge event (no detail-type/detail), a CloudTrail record or a CloudTrail log file", node is null ? null : ReplayRunner.Truncated(node.ToJsonString())));
                break;
        }
    }

    private static Stream Open(string file)
    {
        Stream stream = File.OpenRead(file);
        return file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }
}
