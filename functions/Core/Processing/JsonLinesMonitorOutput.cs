using System.Buffers;
using System.Text.Json;
using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;

namespace BatchRuntimeMonitor.Core;

/// <summary>
/// Writes each document as one bare JSON line to a stream. In Lambda that stream is the raw stdout: the .NET
/// runtime decorates Console.Out lines with a timestamp, request id and level, which would break EMF extraction.
/// </summary>
public sealed class JsonLinesMonitorOutput(Stream output) : IMonitorOutput
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Lock _gate = new();

    // One writer for every line, reset onto the cleared buffer: a writer per line was a measurable share of what
    // each event allocates (docs/performance.md).
    private Utf8JsonWriter? _json;

    public void WriteMetrics(EmfDocument document)
    {
        lock (_gate)
        {
            EmfWriter.Write(Writer(), document);
            WriteLine();
        }
    }

    public void WriteInsight(JobInsight insight)
    {
        lock (_gate)
        {
            JsonSerializer.Serialize(Writer(), insight, CoreJsonContext.Default.JobInsight);
            WriteLine();
        }
    }

    public void Flush() => output.Flush();

    private Utf8JsonWriter Writer()
    {
        _buffer.ResetWrittenCount();
        if (_json is null)
        {
            _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
        }
        else
        {
            _json.Reset(_buffer);
        }

        return _json;
    }

    private void WriteLine()
    {
        _json!.Flush();
        _buffer.Write("\n"u8);
        output.Write(_buffer.WrittenSpan);
    }
}
