using System.Buffers;
using System.Text;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// Writes JSON text in Step Functions' compact form (<see cref="JsonValues.Compact"/>, as
/// <see cref="JsonValues.ToCompactJson"/> writes it) through a writer and buffer kept per thread, for callers that
/// write without a JsonNode to call ToJsonString on (templates written straight to a message body).
/// </summary>
internal static class CompactJsonText
{
    /// <summary>Buffers grown past this (a body near SQS's 256 KB) are not kept for the next call.</summary>
    private const int LargestKeptBuffer = 1024 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JsonValues.Compact.Encoder,
        Indented = false,

        // What ToJsonString(Compact) uses: the serializer options' MaxDepth, whose 0 means 64.
        MaxDepth = JsonValues.Compact.MaxDepth == 0 ? 64 : JsonValues.Compact.MaxDepth,
    };

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_bodyWriter;

    [ThreadStatic]
    private static PooledBodyWriter? t_body;

    public static string Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        // Taken, not shared: a call made while writing (an error message that prints the input) gets its own.
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(4096);
        var writer = t_writer ?? new Utf8JsonWriter(buffer, WriterOptions);
        t_buffer = null;
        t_writer = null;
        try
        {
            writer.Reset(buffer);
            write(writer, state);
            writer.Flush();
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            buffer.ResetWrittenCount();
            if (buffer.Capacity <= LargestKeptBuffer)
            {
                t_buffer = buffer;
                t_writer = writer;
            }
        }
    }

    /// <summary>
    /// As <see cref="Write{TState}"/>, the text as its UTF-8 bytes, in a <see cref="PooledMessageBody"/> (a message
    /// body), written in place in the body's own array (<see cref="PooledBodyWriter"/>) instead of copied there.
    /// </summary>
    /// <param name="expectedLength">The body's likely length, to size its array (<see cref="PooledBodyWriter.Expect"/>); 0 when not known.</param>
    public static ReadOnlyMemory<byte> WriteUtf8<TState>(TState state, Action<Utf8JsonWriter, TState> write, int expectedLength = 0)
    {
        // Taken, not shared, as in Write: a body written while writing one gets its own writer.
        var body = t_body ?? new PooledBodyWriter();
        var writer = t_bodyWriter ?? new Utf8JsonWriter(body, WriterOptions);
        t_body = null;
        t_bodyWriter = null;
        try
        {
            writer.Reset(body);
            body.Expect(expectedLength);
            write(writer, state);
            writer.Flush();
            return body.Detach();
        }
        finally
        {
            // Left with an array only when the write failed.
            body.Abandon();
            t_body = body;
            t_bodyWriter = writer;
        }
    }
}
