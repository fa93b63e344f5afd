using System.Buffers;
using System.Globalization;
using System.Text.Json;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// Where the functions' output goes in a local run: emf.jsonl and insights.jsonl (exactly the lines CloudWatch
/// Logs would receive) and the running totals per metric and dimension set that summary.json reports.
/// </summary>
public sealed class ReplayOutput : IMonitorOutput, IDisposable
{
    // Written on threads of their own: the replay's one pipeline thread only copies each line (BackgroundFileWriter).
    private readonly BackgroundFileWriter _emf;
    private readonly BackgroundFileWriter _insights;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly bool _validate;

    // One writer for every insight line and one for every EMF line, reset onto the buffer each time (one per
    // finished job, and one per EMF document, otherwise).
    private readonly Utf8JsonWriter _insightWriter = new(Stream.Null);
    private readonly Utf8JsonWriter _emfWriter = new(Stream.Null, new JsonWriterOptions { SkipValidation = true });

    public ReplayOutput(string directory, bool validateEmf)
    {
        _emf = new BackgroundFileWriter(Path.Combine(directory, "emf.jsonl"));
        _insights = new BackgroundFileWriter(Path.Combine(directory, "insights.jsonl"));
        _validate = validateEmf;
    }

    /// <summary>metric name -> "Dim=value[,Dim=value]" -> total (docs/metrics.md, "Totals keys").</summary>
    public MetricTotals Totals { get; } = new();

    public long EmfDocuments { get; private set; }

    public long EmfBytes { get; private set; }

    public long InsightRecords { get; private set; }

    public long InsightBytes { get; private set; }

    public List<string> EmfViolations { get; } = [];

    public void WriteMetrics(EmfDocument document)
    {
        _buffer.ResetWrittenCount();
        _emfWriter.Reset(_buffer);
        EmfWriter.Write(_emfWriter, document);
        _emfWriter.Flush();
        if (_validate)
        {
            foreach (var violation in EmfValidator.Validate(_buffer.WrittenSpan))
            {
                EmfViolations.Add(violation);
            }
        }

        _buffer.Write("\n"u8);
        _emf.Write(_buffer.WrittenSpan);
        EmfDocuments++;
        EmfBytes += _buffer.WrittenCount;
        Totals.Add(document);
    }

    public void WriteInsight(JobInsight insight)
    {
        _buffer.ResetWrittenCount();
        _insightWriter.Reset(_buffer);
        JsonSerializer.Serialize(_insightWriter, insight, CoreJsonContext.Default.JobInsight);
        _insightWriter.Flush();

        _buffer.Write("\n"u8);
        _insights.Write(_buffer.WrittenSpan);
        InsightRecords++;
        InsightBytes += _buffer.WrittenCount;
    }

    public void Dispose()
    {
        _insightWriter.Dispose();
        _emfWriter.Dispose();
        try
        {
            _emf.Dispose();
        }
        finally
        {
            _insights.Dispose();
        }
    }

    public static string FormatTotal(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
