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

    public void WriteMetrics(EmfDocument document)
    {
        lock (_gate)
        {
            _buffer.ResetWrittenCount();
            EmfWriter.Write(_buffer, document);
            WriteLine();
        }
    }

    public void WriteInsight(JobInsight insight)
    {
        lock (_gate)
        {
            _buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(_buffer))
            {
                JsonSerializer.Serialize(json, insight, CoreJsonContext.Default.JobInsight);
            }

            WriteLine();
        }
    }

    public void Flush() => output.Flush();

    private void WriteLine()
    {
        _buffer.Write("\n"u8);
        output.Write(_buffer.WrittenSpan);
    }
}
