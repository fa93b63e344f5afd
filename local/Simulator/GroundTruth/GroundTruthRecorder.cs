using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// Records what the model decided, at the moment it decides it, as ground-truth.json: one row per job written
/// when the job ends (so rows stream out and nothing per job is kept), and the metric totals of docs/metrics.md
/// for the dimension sets listed in the README. It never reads the events the simulator wrote.
/// </summary>
internal sealed class GroundTruthRecorder : IDisposable
{
    private const string Fargate = "FARGATE";
    private readonly FileStream _file;
    private readonly Utf8JsonWriter _writer;
    private readonly MetricTotals _totals = new();
    private int _rowsSinceFlush;

    public GroundTruthRecorder(string path)
    {
        Path = path;
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        _writer = new Utf8JsonWriter(_file, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _writer.WriteStartObject();
        _writer.WriteStartArray("jobs");
    }

    public string Path { get; }

    public int JobsWritten { get; private set; }

    /// <summary>A status first seen for a job: counted once per job and status.</summary>
    public void StatusFirstSeen(SimJob job, string status)
    {
        _totals.Add(status, MetricTotals.Key("JobQueue", job.Queue.Name));
        _totals.Add(status, MetricTotals.Key("JobDefinition", job.Definition.Name));
    }

    public void Registered(SimInstance instance) => CountInstance(MetricNames.RegisterContainerInstance, instance);

    public void Deregistered(SimInstance instance) => CountInstance(MetricNames.DeregisterContainerInstance, instance);

    public void RunTaskCall(JobQueueSpec queue, ComputeEnvironmentState environment)
    {
        _totals.Add(MetricNames.RunTaskCalls, MetricTotals.Key("JobQueue", queue.Name));
        _totals.Add(MetricNames.RunTaskCalls, MetricTotals.Key("ComputeEnvironment", environment.Spec.Name));
    }

    public void PlacementFailure(JobQueueSpec queue, ComputeEnvironmentState environment, string reason)
    {
        _totals.Add(MetricNames.PlacementFailures, MetricTotals.Key("JobQueue", queue.Name, "Reason", reason));
        _totals.Add(MetricNames.PlacementFailures, MetricTotals.Key("ComputeEnvironment", environment.Spec.Name, "Reason", reason));
    }

    public void JobPlaced(SimJob job, SimAttempt attempt)
    {
        _totals.Add(MetricNames.JobsPlaced, MetricTotals.Key("InstanceType", attempt.Instance?.Type.Name ?? Fargate));
        _totals.Add(MetricNames.JobsPlaced, MetricTotals.Key("AvailabilityZone", attempt.AvailabilityZone));
        _totals.Add(MetricNames.JobsPlaced, MetricTotals.Key("ComputeEnvironment", attempt.Environment.Spec.Name));
        _totals.Add(MetricNames.JobsPlaced, MetricTotals.Key("JobQueue", job.Queue.Name));
    }

    public void QueueBlocked(JobQueueSpec queue) => _totals.Add(MetricNames.JobQueueBlocked, MetricTotals.Key("JobQueue", queue.Name));

    /// <summary>The job reached its terminal status: its durations are final and its row is written.</summary>
    public void JobEnded(SimJob job)
    {
        var durations = JobDurations.Of(job);
        AddDuration(MetricNames.RunnableSeconds, job, durations.RunnableMs);
        AddDuration(MetricNames.StartingSeconds, job, durations.StartingMs);
        AddDuration(MetricNames.RunningSeconds, job, durations.RunningMs);
        WriteRow(job, durations);
        if (++_rowsSinceFlush >= 1000)
        {
            _writer.Flush();
            _rowsSinceFlush = 0;
        }
    }

    public void Complete()
    {
        _writer.WriteEndArray();
        _writer.WritePropertyName("metrics");
        _totals.WriteTo(_writer);
        _writer.WriteEndObject();
        _writer.Flush();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }

    private void CountInstance(string metric, SimInstance instance)
    {
        _totals.Add(metric, MetricTotals.Key("AvailabilityZone", instance.AvailabilityZone));
        _totals.Add(metric, MetricTotals.Key("InstanceType", instance.Type.Name));
        _totals.Add(metric, MetricTotals.Key("ECSCluster", instance.Environment.Spec.ClusterName));
    }

    private void AddDuration(string metric, SimJob job, long? milliseconds)
    {
        if (milliseconds is not { } ms)
        {
            return;
        }

        _totals.Add(metric, MetricTotals.Key("JobQueue", job.Queue.Name), ms);
        _totals.Add(metric, MetricTotals.Key("JobDefinition", job.Definition.Name), ms);
    }

    private void WriteRow(SimJob job, JobDurations durations)
    {
        var w = _writer;
        var last = job.Attempts.Count > 0 ? job.Attempts[^1] : null;
        w.WriteStartObject();
        w.WriteString("JobId", job.JobId);
        w.WriteString("JobName", job.JobName);
        w.WriteString("Status", job.Status);
        w.WriteString("JobQueue", job.Queue.Name);
        w.WriteString("JobDefinition", job.Definition.NameWithRevision);
        WriteOptional(w, "ComputeEnvironment", last?.Environment.Spec.Name);
        WriteOptional(w, "InstanceId", last is null ? null : last.Instance?.Ec2InstanceId ?? Fargate);
        WriteOptional(w, "InstanceType", last is null ? null : last.Instance?.Type.Name ?? Fargate);
        WriteOptional(w, "AvailabilityZone", last?.AvailabilityZone);
        // Fargate tasks run on x86_64 unless the job definition asks for ARM64 (ours never do).
        WriteOptional(w, "Architecture", last is null ? null : last.Instance?.Type.Architecture ?? "x86_64");
        WriteOptional(w, "LogStreamName", last?.LogStreamName);
        if (last is null)
        {
            w.WriteNull("ExitCode");
        }
        else
        {
            w.WriteNumber("ExitCode", last.ExitCode);
        }

        WriteOptional(w, "StatusReason", job.StatusReason);
        w.WriteNumber("Attempts", job.Attempts.Count);
        WriteOptional(w, "ParentJobId", job.Parent?.JobId);
        if (job.ArrayIndex is { } index)
        {
            w.WriteNumber("ArrayIndex", index);
        }
        else
        {
            w.WriteNull("ArrayIndex");
        }

        WriteSeconds(w, "RunnableSeconds", durations.RunnableMs);
        WriteSeconds(w, "StartingSeconds", durations.StartingMs);
        WriteSeconds(w, "RunningSeconds", durations.RunningMs);
        w.WriteEndObject();
        JobsWritten++;
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteSeconds(Utf8JsonWriter w, string name, long? milliseconds)
    {
        if (milliseconds is { } ms)
        {
            w.WriteNumber(name, ms / 1000m);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
