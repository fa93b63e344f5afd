using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// A JSON Lines file written as UTF-8 straight from the serializer: the bytes
/// <c>StreamWriter.WriteLine(JsonSerializer.Serialize(value, typeInfo))</c> wrote (UTF-8 without a byte order mark,
/// the options' encoder and indentation, <see cref="Environment.NewLine"/>), without a .NET string per line and its
/// transcoding back to UTF-8.
/// </summary>
public sealed class JsonLinesFile : IDisposable
{
    private const int WriteAtBytes = 1 << 16;

    private static readonly byte[] NewLine = Encoding.UTF8.GetBytes(Environment.NewLine);

    private readonly FileStream _file;
    private readonly ArrayBufferWriter<byte> _pending = new(WriteAtBytes * 2);
    private readonly Utf8JsonWriter _writer;

    /// <param name="options">The serializer options the lines are written with (a context's <c>Options</c>).</param>
    public JsonLinesFile(string path, JsonSerializerOptions options)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        _writer = new Utf8JsonWriter(_pending, new JsonWriterOptions
        {
            Encoder = options.Encoder,
            Indented = options.WriteIndented,
            IndentCharacter = options.IndentCharacter,
            IndentSize = options.IndentSize,
            NewLine = options.NewLine,
            MaxDepth = options.MaxDepth,
        });
    }

    public void Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        JsonSerializer.Serialize(_writer, value, typeInfo);
        _writer.Flush();
        // A new root value per line: the writer would reject a second one.
        _writer.Reset();
        _pending.Write(NewLine);
        if (_pending.WrittenCount >= WriteAtBytes)
        {
            WritePending();
        }
    }

    public void Dispose()
    {
        WritePending();
        _writer.Dispose();
        _file.Dispose();
    }

    private void WritePending()
    {
        _file.Write(_pending.WrittenSpan);
        _pending.ResetWrittenCount();
    }
}
