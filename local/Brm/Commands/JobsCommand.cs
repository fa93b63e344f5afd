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
        var jobId = new Argument<string?>("job-id") { Description = "Show one job (full detail)", Arity = ArgumentArity.ZeroOrOne };
        var from = new Option<string>("--from") { Description = "A replay's output folder", DefaultValueFactory = _ => "out" };
        var failed = new Option<bool>("--failed") { Description = "Only FAILED jobs" };
        var queue = new Option<string?>("--queue") { Description = "Only jobs of this job queue" };
        var instance = new Option<string?>("--instance") { Description = "Only jobs that ran on this EC2 instance id (or FARGATE)" };
        var json = new Option<bool>("--json") { Description = "JSON Lines instead of a table" };
        var limit = new Option<int>("--limit") { Description = "At most this many rows in the table", DefaultValueFactory = _ => 50 };
        var command = new Command("jobs", "Look up the job ledger of a replay: log stream, instance, durations, attempts") { jobId, from, failed, queue, instance, json, limit };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            var jobs = Query(result.GetValue(from)!, result.GetValue(jobId), result.GetValue(failed), result.GetValue(queue), result.GetValue(instance)).ToList();
            if (result.GetValue(jobId) is { } id && jobs.Count == 0)
            {
                throw new UserErrorException($"job {id} is not in {Path.Combine(result.GetValue(from)!, "jobs.jsonl")}");
            }

            if (result.GetValue(json) || result.GetValue(jobId) is not null)
            {
                foreach (var job in jobs)
                {
                    Console.WriteLine(JsonSerializer.Serialize(job, CoreJsonContext.Default.JobLedgerLine));
                }
            }
            else
            {
                PrintTable(jobs, result.GetValue(limit));
            }

            return Task.FromResult(0);
        }));
        return command;
    }

    public static IEnumerable<JobLedgerLine> Query(string from, string? jobId, bool failed, string? queue, string? instance)
    {
        var path = Path.Combine(from, "jobs.jsonl");
        if (!File.Exists(path))
        {
            throw new UserErrorException($"{path} not found; run brm replay or brm demo first");
        }

        foreach (var line in File.ReadLines(path))
        {
            var job = JsonSerializer.Deserialize(line, CoreJsonContext.Default.JobLedgerLine)!;
            if ((jobId is null || job.JobId == jobId)
                && (!failed || job.Status == JobStatus.Failed)
                && (queue is null || job.JobQueue == queue)
                && (instance is null || job.InstanceId == instance))
            {
                yield return job;
            }
        }
    }

    private static void PrintTable(List<JobLedgerLine> jobs, int limit)
    {
        var table = new Table().AddColumns("Job", "Status", "Queue", "Instance", "Type", "AZ", "Runnable s", "Starting s", "Running s", "Attempts", "Exit code", "Log stream", "Reason");
        foreach (var job in jobs.Take(limit))
        {
            table.AddRow(
                Markup.Escape(job.JobId), job.Status ?? "", Markup.Escape(job.JobQueue ?? ""), job.InstanceId ?? "", job.InstanceType ?? "", job.AvailabilityZone ?? "",
                Seconds(job.RunnableSeconds), Seconds(job.StartingSeconds), Seconds(job.RunningSeconds),
                job.Attempts.ToString(CultureInfo.InvariantCulture), job.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-",
                Markup.Escape(job.LogStreamName ?? ""), Markup.Escape(job.StatusReason ?? ""));
        }

        TerminalOutput.Create().Write(table);
        Console.WriteLine($"{jobs.Count:N0} jobs{(jobs.Count > limit ? $" (first {limit} shown; --limit or --json for all)" : "")}");
    }

    private static string Seconds(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-";
}
