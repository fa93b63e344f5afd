namespace BatchRuntimeMonitor.Core.Instances;

/// <summary>CPU architecture names as ECS reports them (attribute ecs.cpu-architecture).</summary>
public static class InstanceArchitecture
{
    public const string X86 = "x86_64";
    public const string Arm = "arm64";

    /// <summary>
    /// Used only when no event said it: Graviton families carry a "g" right after the generation digit
    /// (m6g, c7gn, r8g, t4g) and a1 is the first Graviton. Everything else EC2 offers to Batch is x86_64.
    /// </summary>
    public static string? FromInstanceType(string? instanceType)
    {
        if (string.IsNullOrEmpty(instanceType))
        {
            return null;
        }

        var dot = instanceType.IndexOf('.', StringComparison.Ordinal);
        var family = dot > 0 ? instanceType.AsSpan(0, dot) : instanceType.AsSpan();
        if (family.SequenceEqual("a1"))
        {
            return Arm;
        }

        for (var i = 1; i < family.Length - 1; i++)
        {
            if (char.IsAsciiDigit(family[i]) && family[i + 1] == 'g')
            {
                return Arm;
            }
        }

        return X86;
    }

    /// <summary>ECS and EC2 say "x86_64", "arm64", sometimes "aarch64" or "i386".</summary>
    public static string? Normalise(string? value) => value switch
    {
        null or "" => null,
        "aarch64" or "arm64" or "ARM64" => Arm,
        "x86_64" or "X86_64" or "amd64" => X86,
        _ => value,
    };
}
