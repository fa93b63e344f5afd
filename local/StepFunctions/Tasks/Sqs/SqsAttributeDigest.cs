using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>MD5OfMessageAttributes as SQS computes it: names sorted, each as length-prefixed name, type, transport byte and value.</summary>
internal static class SqsAttributeDigest
{
    public static string Compute(JsonObject attributes)
    {
        using var buffer = new MemoryStream();
        foreach (var (name, value) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var attribute = value as JsonObject;
            var dataType = JsonValues.TryGetString(attribute?["DataType"], out var t) ? t : "String";
            WriteString(buffer, name);
            WriteString(buffer, dataType);
            if (JsonValues.TryGetString(attribute?["BinaryValue"], out var binary))
            {
                buffer.WriteByte(2);
                WriteBytes(buffer, Convert.FromBase64String(binary));
            }
            else
            {
                buffer.WriteByte(1);
                WriteString(buffer, JsonValues.TryGetString(attribute?["StringValue"], out var s) ? s : string.Empty);
            }
        }

        return Convert.ToHexStringLower(MD5.HashData(buffer.ToArray()));
    }

    private static void WriteString(Stream stream, string text) => WriteBytes(stream, Encoding.UTF8.GetBytes(text));

    private static void WriteBytes(Stream stream, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        stream.Write(length);
        stream.Write(bytes);
    }
}
