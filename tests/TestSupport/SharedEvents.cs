using Xunit;
namespace BatchRuntimeMonitor.Tests.Support;

/// <summary>The real AWS event samples in ../shared/events, for theories that run over every file.</summary>
public static class SharedEvents
{
    public static IReadOnlyList<string> AllFiles() =>
        Directory.EnumerateFiles(RepositoryPaths.SharedEvents, "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Paths relative to shared/events, e.g. "batch-job/calcloud-failed-oom-reason.json".</summary>
    public static TheoryData<string> AllRelativePaths()
    {
        var data = new TheoryData<string>();
        foreach (var file in AllFiles())
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.SharedEvents, file));
        }

        return data;
    }

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(RepositoryPaths.SharedEvents, relativePath));

    /// <summary>CloudTrail samples are raw records; EventBridge delivers them wrapped as "AWS API Call via CloudTrail".</summary>
    public static bool IsRawCloudTrailRecord(string relativePath) => relativePath.StartsWith("cloudtrail-", StringComparison.Ordinal);
}
