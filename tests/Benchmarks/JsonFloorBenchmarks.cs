using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using BatchRuntimeMonitor.Local.Brm.Commands;
using BenchmarkDotNet.Attributes;

namespace BatchRuntimeMonitor.Benchmarks;

/// <summary>
/// The least JSON work a replay does per event, whatever the code around it, on the events of a simulated day (the
/// simulator `brm bench` uses; each invocation takes the day's next event, so a result is the day's average). The
/// input has to be parsed (rules and state machines read it); each function has to read its SQS body in full, and
/// the body embeds the event, so at least one reader pass over the event; the body holds the event either
/// re-written from the parsed input or copied from its bytes. docs/performance.md ("The floor") adds them up.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter "*JsonFloorBenchmarks*" --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class JsonFloorBenchmarks
{
    private const int Jobs = 300;
    private byte[][] _lines = [];
    private JsonDocument[] _documents = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private Utf8JsonWriter _writer = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"brm-floor-{Environment.ProcessId}");
        SimulateCommand.Run(Jobs, 42, "2026-11-20T00:00:00Z", folder);
        _lines = Directory.EnumerateFiles(folder, "*.jsonl")
            .SelectMany(File.ReadLines)
            .Where(line => line.Length > 0)
            .Select(System.Text.Encoding.UTF8.GetBytes)
            .ToArray();
        Directory.Delete(folder, recursive: true);
        _documents = _lines.Select(line => JsonDocument.Parse(line)).ToArray();
        // The interpreter's body writer escapes as Step Functions does: neither non-ASCII nor HTML characters.
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Console.WriteLine($"// {_lines.Length} events, {_lines.Sum(l => (long)l.Length) / _lines.Length} bytes on average");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var document in _documents)
        {
            document.Dispose();
        }
    }

    /// <summary>One validating pass and no tree: what any reader of the whole event pays at least.</summary>
    [Benchmark]
    public int ReaderPass()
    {
        var reader = new Utf8JsonReader(Next());
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    /// <summary>The input's parse: a document over the line's own bytes (no copy), as the replay's reader needs one.</summary>
    [Benchmark]
    public JsonValueKind ParseDocument()
    {
        using var document = JsonDocument.Parse(Next().AsMemory());
        return document.RootElement.ValueKind;
    }

    /// <summary>The event re-written token by token from its parsed document, as a body embeds "$$.Execution.Input".</summary>
    [Benchmark]
    public int WriteFromDocument()
    {
        var document = _documents[Advance()];
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        document.RootElement.WriteTo(_writer);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    /// <summary>The event's bytes copied into a body as they were read.</summary>
    [Benchmark]
    public int CopyBytes()
    {
        var line = Next();
        _buffer.ResetWrittenCount();
        _buffer.Write(line);
        return _buffer.WrittenCount;
    }

    private byte[] Next() => _lines[Advance()];

    private int Advance()
    {
        var index = _next;
        _next = index + 1 == _lines.Length ? 0 : index + 1;
        return index;
    }
}
