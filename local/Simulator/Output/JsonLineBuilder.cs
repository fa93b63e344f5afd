using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// Builds one compact JSON line at a time with a single reused writer and buffer, because the simulator writes
/// millions of events and allocating a writer per event would dominate its cost.
/// </summary>
internal sealed class JsonLineBuilder
{
    // Relaxed escaping keeps values such as "$Latest" and quotes in commands as AWS prints them.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly ArrayBufferWriter<byte> _buffer = new(8192);
    private readonly Utf8JsonWriter _writer;

    public JsonLineBuilder() => _writer = new Utf8JsonWriter(_buffer, Options);

    public Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        return _writer;
    }

    public byte[] Finish()
    {
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }
}
