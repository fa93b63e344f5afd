namespace BatchRuntimeMonitor.Core.Jobs;

/// <summary>Keys of <see cref="JobRecord.Emitted"/>: one per thing counted once per job.</summary>
public static class EmissionKeys
{
    public const string Insight = "insight";
    public const string Summary = "summary";

    public static string Status(string status) => "status:" + status;

    public static string Duration(string metricName) => "duration:" + metricName;

    /// <summary>
    /// An attempt's placement, by the task id that ends its key (the key is the task ARN, unique per account and
    /// region by its id alone): the full ARN would put ~100 more bytes into every key of the set, stored per job.
    /// </summary>
    public static string Placed(string attemptKey) => string.Concat("placed:", attemptKey.AsSpan(attemptKey.LastIndexOf('/') + 1));

    public static string Blocked(string reason) => "blocked:" + reason;

    /// <summary>An observation counted in one dimension set: "status:RUNNING|JobQueue", "placed:&lt;task&gt;|InstanceType".</summary>
    public static string InSet(string key, string[] dimensionSet) => key + "|" + string.Join(',', dimensionSet);
}
