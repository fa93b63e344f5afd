namespace BatchRuntimeMonitor.Core.Jobs;

/// <summary>Keys of <see cref="JobRecord.Emitted"/>: one per thing counted once per job.</summary>
public static class EmissionKeys
{
    public const string Insight = "insight";
    public const string Summary = "summary";

    public static string Status(string status) => "status:" + status;

    public static string Duration(string metricName) => "duration:" + metricName;

    public static string Placed(string attemptKey) => "placed:" + attemptKey;

    public static string Blocked(string reason) => "blocked:" + reason;

    /// <summary>An observation counted in one dimension set: "status:RUNNING|JobQueue", "placed:&lt;task&gt;|InstanceType".</summary>
    public static string InSet(string key, IEnumerable<string> dimensionSet) => key + "|" + string.Join(',', dimensionSet);
}
