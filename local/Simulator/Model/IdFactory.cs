namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// Every id the simulator invents comes from here, from its own seeded generator, so ids never depend on the
/// machine (no Guid.NewGuid) and drawing an id never shifts the model's own random decisions.
/// </summary>
internal sealed class IdFactory(int seed)
{
    private readonly Random _random = new(seed);
    private readonly byte[] _bytes = new byte[16];

    /// <summary>A version-4 style UUID, lower case with dashes, as Batch job ids and EventBridge ids look.</summary>
    public string Uuid()
    {
        _random.NextBytes(_bytes);
        _bytes[6] = (byte)((_bytes[6] & 0x0F) | 0x40);
        _bytes[8] = (byte)((_bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(_bytes);
        return string.Create(36, hex, static (span, h) =>
        {
            h.AsSpan(0, 8).CopyTo(span);
            span[8] = '-';
            h.AsSpan(8, 4).CopyTo(span[9..]);
            span[13] = '-';
            h.AsSpan(12, 4).CopyTo(span[14..]);
            span[18] = '-';
            h.AsSpan(16, 4).CopyTo(span[19..]);
            span[23] = '-';
            h.AsSpan(20, 12).CopyTo(span[24..]);
        });
    }

    /// <summary>32 lower-case hex characters: ECS task ids and new-format container instance ids.</summary>
    public string Hex32()
    {
        _random.NextBytes(_bytes);
        return Convert.ToHexStringLower(_bytes);
    }

    /// <summary>An EC2 instance id: "i-" and 17 hex characters.</summary>
    public string Ec2InstanceId()
    {
        _random.NextBytes(_bytes);
        return "i-0" + Convert.ToHexStringLower(_bytes)[..16];
    }

    public string PrivateIp() => $"10.0.{_random.Next(0, 64)}.{_random.Next(2, 255)}";
}
