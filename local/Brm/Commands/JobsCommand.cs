using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;
using Spectre.Console;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

public static class JobsCommand
{
    public static Command Create()
    {
        var jobId = new Argument<string?>("job-id") { Description = "Show one job (full detail): its id, or its ARN as the console and the CLI give it", Arity = ArgumentArity.ZeroOrOne };
        var from = new Option<string>("--from") { Description = "A replay's output folder", DefaultValueFactory = _ => "out" };
        var failed = new Option<bool>("--failed") { Description = "Only FAILED jobs (as --status FAILED)" };
        var status = new Option<string?>("--status") { Description = $"Only jobs whose last status is this one ({string.Join(", ", JobStatus.All)}): RUNNABLE lists the jobs still waiting at the end of the replay" };
        var name = new Option<string?>("--name") { Description = "Only jobs with this job name" };
        var queue = new Option<string?>("--queue") { Description = "Only jobs of this job queue" };
        var instance = new Option<string?>("--instance") { Description = "Only jobs that ran on this EC2 instance id (or FARGATE)" };
        var since = new Option<string?>("--since") { Description = "Only jobs still alive at this time or later (ISO 8601, UTC unless it says: 2026-12-06T10:00Z)" };
        var until = new Option<string?>("--until") { Description = "Only jobs created at this time or earlier (ISO 8601): with --since, the jobs alive at some time in between" };
        var json = new Option<bool>("--json") { Description = "JSON Lines instead of a table" };
        var limit = LimitOption.Create("At most this many rows in the table (and in --json with --sort)");
        var sort = new Option<string?>("--sort") { Description = "The jobs that spent longest RUNNABLE, STARTING or RUNNING, longest first" };
        sort.AcceptOnlyFromAmong([.. JobSelection.SortKeys.Keys]);
        var command = new Command("jobs", "Look up the job ledger of a replay: log stream, instance, durations, attempts") { jobId, from, failed, status, name, queue, instance, since, until, sort, json, limit };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            var (windowStart, windowEnd) = WindowOf(result.GetValue(since), result.GetValue(until));
            var filter = new JobLedgerQuery.Filter(
                JobIdOf(result.GetValue(jobId)),
                StatusOf(result.GetValue(failed), result.GetValue(status)),
                result.GetValue(name),
                result.GetValue(queue),
                result.GetValue(instance),
                windowStart,
                windowEnd);
            var jobs = JobLedgerQuery.Read(result.GetValue(from)!, filter, Console.Error);
            var longestFirst = result.GetValue(sort) is { } key ? JobSelection.SortKeys[key] : null;
            if (result.GetValue(jobId) is { } id)
            {
                var found = jobs.ToList();
                if (found.Count == 0)
                {
                    throw new UserErrorException($"job {id} is not in {Path.Combine(result.GetValue(from)!, "jobs.jsonl")}");
                }

                PrintJson(found);
            }
            else if (result.GetValue(json))
            {
                PrintJson(longestFirst is null ? jobs : JobSelection.Take(jobs, result.GetValue(limit), longestFirst).Shown);
            }
            else
            {
                var (shown, matched) = JobSelection.Take(jobs, result.GetValue(limit), longestFirst);
                PrintTable(shown, matched);
            }

            return Task.FromResult(0);
        }));
        return command;
    }

    private static void PrintJson(IEnumerable<JobLedgerLine> jobs)
    {
        foreach (var job in jobs)
        {
            Console.WriteLine(JsonSerializer.Serialize(job, CoreJsonContext.Default.JobLedgerLine));
        }
    }

    private static void PrintTable(List<JobLedgerLine> jobs, long matched)
    {
        if (jobs.Count == 0)
        {
            // No table without rows: the count says it (and how many --limit 0 left out).
            Console.WriteLine(matched == 0 ? "0 jobs" : $"{matched:N0} jobs (none shown: --limit 0)");
            return;
        }

        var table = new Table().AddColumns("Job", "Status", "Queue", "Instance", "Type", "AZ", "Runnable s", "Starting s", "Running s", "Attempts", "Exit code", "Log stream", "Reason");
        foreach (var job in jobs)
        {
            table.AddRow(
                Markup.Escape(job.JobId), job.Status ?? "", Markup.Escape(job.JobQueue ?? ""), job.InstanceId ?? "", job.InstanceType ?? "", job.AvailabilityZone ?? "",
                Seconds(job.RunnableSeconds), Seconds(job.StartingSeconds), Seconds(job.RunningSeconds),
                job.Attempts.ToString(CultureInfo.InvariantCulture), job.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-",
                Markup.Escape(job.LogStreamName ?? ""), Markup.Escape(job.StatusReason ?? ""));
        }

        TerminalOutput.Create().Write(table);
        Console.WriteLine($"{matched:N0} jobs{(matched > jobs.Count ? $" ({jobs.Count:N0} shown; --limit or --json for more)" : "")}");
    }

    /// <summary>--failed and --status as one status; Batch's status names in any case; a name Batch does not have is an error.</summary>
    private static string? StatusOf(bool failed, string? status)
    {
        if (status is null)
        {
            return failed ? JobStatus.Failed : null;
        }

        var known = JobStatus.All.FirstOrDefault(s => string.Equals(s, status, StringComparison.OrdinalIgnoreCase))
            ?? throw new UserErrorException($"--status {status} is not a job status: {string.Join(", ", JobStatus.All)}");
        if (failed && known != JobStatus.Failed)
        {
            throw new UserErrorException($"--failed and --status {known} ask for different statuses");
        }

        return known;
    }

    /// <summary>The job id in a job ARN (arn:aws:batch:us-east-1:123456789012:job/&lt;id&gt;), or the argument as given.</summary>
    public static string? JobIdOf(string? argument)
    {
        const string JobResource = ":job/";
        var resource = argument is not null && argument.StartsWith("arn:", StringComparison.Ordinal) ? argument.LastIndexOf(JobResource, StringComparison.Ordinal) : -1;
        return resource < 0 ? argument : argument![(resource + JobResource.Length)..];
    }

    /// <summary>--since and --until as times; a time that is not ISO 8601, or a window that ends before it starts, is an error.</summary>
    private static (DateTimeOffset? Since, DateTimeOffset? Until) WindowOf(string? since, string? until)
    {
        var from = TimeOf("--since", since);
        var to = TimeOf("--until", until);
        if (from > to)
        {
            throw new UserErrorException($"--since {since} is after --until {until}");
        }

        return (from, to);
    }

    private static DateTimeOffset? TimeOf(string option, string? text)
    {
        if (text is null)
        {
            return null;
        }

        // A date is required: "10:00" alone would be read as today, not as the replayed day.
        var dated = text.Length >= 10 && char.IsAsciiDigit(text[0]) && text[4] == '-' && text[7] == '-';
        return dated && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new UserErrorException($"{option} {text} is not a time: use ISO 8601, such as 2026-12-06T10:00Z");
    }

    private static string Seconds(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-";
}
