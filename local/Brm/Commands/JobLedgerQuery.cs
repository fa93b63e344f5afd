using System.Text.Json;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>A replay's ledger (jobs.jsonl) read a line at a time, filtered as `brm jobs` asks.</summary>
public static class JobLedgerQuery
{
    /// <summary>What a job must match to be listed; a null member matches every job.</summary>
    public sealed record Filter(string? JobId, string? Status, string? Name, string? Queue, string? Instance)
    {
        /// <summary>Every job.</summary>
        public static Filter All { get; } = new(null, null, null, null, null);

        public bool Matches(JobLedgerLine job) =>
            (JobId is null || job.JobId == JobId)
            && (Status is null || job.Status == Status)
            && (Name is null || job.JobName == Name)
            && (Queue is null || job.JobQueue == Queue)
            && (Instance is null || job.InstanceId == Instance);
    }

    /// <param name="warnings">Told of each line that is not a ledger line (file:line and why), which is skipped: a
    /// ledger cut short by a stopped replay, or edited by hand, still answers for the jobs it holds.</param>
    public static IEnumerable<JobLedgerLine> Read(string from, Filter filter, TextWriter warnings)
    {
        var path = Path.Combine(from, "jobs.jsonl");
        if (!File.Exists(path))
        {
            throw new UserErrorException($"{path} not found; run brm replay or brm demo first");
        }

        var number = 0L;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JobLedgerLine? job;
            try
            {
                job = JsonSerializer.Deserialize(line, CoreJsonContext.Default.JobLedgerLine);
            }
            catch (JsonException e)
            {
                warnings.WriteLine($"brm: {path}:{number}: skipped: not a ledger line ({e.Message})");
                continue;
            }

            if (job is null || string.IsNullOrEmpty(job.JobId))
            {
                warnings.WriteLine($"brm: {path}:{number}: skipped: not a ledger line (no JobId)");
                continue;
            }

            if (filter.Matches(job))
            {
                yield return job;
            }
        }
    }
}
