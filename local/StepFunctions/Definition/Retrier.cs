using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>One Retry entry with the AWS defaults: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0, JitterStrategy NONE.</summary>
internal sealed class Retrier
{
    public Retrier(JsonObject json, string stateName)
    {
        ErrorEquals = ErrorEqualsList.Read(json, stateName, "Retry");
        IntervalSeconds = DefinitionReader.OptionalNumber(json, "IntervalSeconds", stateName) ?? 1;
        MaxAttempts = (int)(DefinitionReader.OptionalNumber(json, "MaxAttempts", stateName) ?? 3);
        BackoffRate = DefinitionReader.OptionalNumber(json, "BackoffRate", stateName) ?? 2.0;
        MaxDelaySeconds = DefinitionReader.OptionalNumber(json, "MaxDelaySeconds", stateName);
        FullJitter = (DefinitionReader.OptionalString(json, "JitterStrategy", stateName) ?? "NONE") switch
        {
            "NONE" => false,
            "FULL" => true,
            var other => throw new DefinitionException($"State '{stateName}': unknown JitterStrategy '{other}' (NONE or FULL)"),
        };
        if (IntervalSeconds < 1 || MaxAttempts < 0 || BackoffRate < 1)
        {
            throw new DefinitionException($"State '{stateName}': Retry needs IntervalSeconds >= 1, MaxAttempts >= 0 and BackoffRate >= 1");
        }
    }

    public IReadOnlyList<string> ErrorEquals { get; }

    public double IntervalSeconds { get; }

    public int MaxAttempts { get; }

    public double BackoffRate { get; }

    public double? MaxDelaySeconds { get; }

    public bool FullJitter { get; }

    /// <summary>The delay before retry number <paramref name="retryIndex"/> (0-based): interval x rate^n, capped, then jittered.</summary>
    public TimeSpan DelayBefore(int retryIndex, Random random)
    {
        var seconds = IntervalSeconds * Math.Pow(BackoffRate, retryIndex);
        if (MaxDelaySeconds is { } cap && seconds > cap)
        {
            seconds = cap;
        }

        if (FullJitter)
        {
            seconds = random.NextDouble() * seconds;
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
