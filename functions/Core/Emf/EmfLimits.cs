namespace BatchRuntimeMonitor.Core.Emf;

/// <summary>Limits from the CloudWatch Embedded Metric Format specification and the CloudWatch Logs service.</summary>
public static class EmfLimits
{
    public const int MaxMetricsPerDocument = 100;
    public const int MaxDimensionsPerSet = 30;
    public const int MaxNameLength = 255;
    public const int MaxValuesPerMetric = 100;

    /// <summary>A CloudWatch Logs event (and so an EMF document) is at most 256 KB including 26 bytes of overhead.</summary>
    public const int MaxLogEventBytes = (256 * 1024) - 26;

    /// <summary>The units CloudWatch accepts (the MetricDatum Unit enumeration).</summary>
    public static IReadOnlySet<string> Units { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
        "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
        "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    };
}
