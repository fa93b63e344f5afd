using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>A replay's ledger (jobs.jsonl) read a line at a time, filtered as `brm jobs` asks.</summary>
public static class JobLedgerQuery
{
    /// <summary>
    /// What a job must match to be listed; a null member matches every job. <paramref name="Since"/> and
    /// <paramref name="Until"/> keep the jobs alive at some time between them (<see cref="JobLifetime"/>).
    /// </summary>
    public sealed record Filter(string? JobId, string? Status, string? Name, string? Queue, string? Instance, DateTimeOffset? Since = null, DateTimeOffset? Until = null)
    {
        /// <summary>Every job.</summary>
        public static Filter All { get; } = new(null, null, null, null, null);

        public bool Matches(JobLedgerLine job) =>
            (JobId is null || job.JobId == JobId)
            && (Status is null || job.Status == Status)
            && (Name is null || job.JobName == Name)
            && (Queue is null || job.JobQueue == Queue)
            && (Instance is null || job.InstanceId == Instance)
            && (Since is null && Until is null || JobLifetime.Of(job).Overlaps(Since, Until));
    }

    /// <param name="warnings">Told of each line that is not a ledger line (file:line and why), which is skipped.</param>
    public static IEnumerable<JobLedgerLine> Read(string from, Filter filter, TextWriter warnings) =>
        JsonLinesQuery.Read(from, "jobs.jsonl", CoreJsonContext.Default.JobLedgerLine, "a ledger line", job => string.IsNullOrEmpty(job.JobId) ? "no JobId" : null, warnings)
            .Where(filter.Matches);
}
