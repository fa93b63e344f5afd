using System.Runtime.Intrinsics;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// One pass over JSON text for the byte pairs <see cref="WriterFormJson"/> rules out: a trailing comma (",}" or
/// ",]") and, when asked, anything that could start a comment ("/*" or "//").
/// </summary>
/// <remarks>
/// These were two or four library searches, each a full pass over the text (the whole event, for every message). Each
/// 32-byte step here compares the text with itself shifted by one byte: ']' (0x5D) and '}' (0x7D) differ only in
/// bit 0x20, so one comparison of the next byte with that bit set finds both, and '*' or '/' after a '/' are compared
/// as they are.
/// </remarks>
internal static class ClosingCommaOrComment
{
    public static bool Contains(ReadOnlySpan<byte> json, bool comments)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && json.Length > Vector256<byte>.Count)
        {
            var comma = Vector256.Create((byte)',');
            var closing = Vector256.Create((byte)'}');
            var caseBit = Vector256.Create((byte)0x20);
            var slash = Vector256.Create((byte)'/');
            var star = Vector256.Create((byte)'*');

            // Each step reads bytes i .. i+32 (the pair's second byte one further), so it stops one vector plus one short.
            for (; i + Vector256<byte>.Count < json.Length; i += Vector256<byte>.Count)
            {
                var first = Vector256.Create(json.Slice(i, Vector256<byte>.Count));
                var second = Vector256.Create(json.Slice(i + 1, Vector256<byte>.Count));
                var found = Vector256.Equals(first, comma) & Vector256.Equals(second | caseBit, closing);
                if (comments)
                {
                    found |= Vector256.Equals(first, slash) & (Vector256.Equals(second, star) | Vector256.Equals(second, slash));
                }

                if (found != Vector256<byte>.Zero)
                {
                    return true;
                }
            }
        }

        // The rest (or all of a short text), pair by pair.
        for (; i + 1 < json.Length; i++)
        {
            var (a, b) = (json[i], json[i + 1]);
            if ((a == (byte)',' && (b == (byte)'}' || b == (byte)']')) || (comments && a == (byte)'/' && (b == (byte)'*' || b == (byte)'/')))
            {
                return true;
            }
        }

        return false;
    }
}
