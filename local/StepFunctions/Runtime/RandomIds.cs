namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>UUIDs drawn from a given Random, so a seeded execution produces the same ids every run.</summary>
internal static class RandomIds
{
    public static string NewUuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
