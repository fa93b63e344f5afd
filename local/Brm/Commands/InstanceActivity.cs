using System.Globalization;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>One EC2 instance as `brm instances` shows it: what the registry knows of it and what the jobs did on it.</summary>
public sealed class InstanceActivityRow
{
    public required string InstanceId { get; init; }
    public string? InstanceType { get; set; }
    public string? AvailabilityZone { get; set; }
    public string? Architecture { get; set; }
    public string? ComputeEnvironment { get; set; }

    /// <summary>Its container instance registrations seen (an instance whose ECS agent re-registers has several); 0 when only jobs name it.</summary>
    public int Registrations { get; set; }

    public DateTimeOffset? RegisteredAt { get; set; }
    public DateTimeOffset? DeregisteredAt { get; set; }

    /// <summary>From registration to deregistration, when both were seen.</summary>
    public double? LifetimeSeconds => RegisteredAt is { } from && DeregisteredAt is { } to ? (to - from).TotalSeconds : null;

    /// <summary>Job attempts placed on it (a retried job counts once per attempt that ran here).</summary>
    public long Attempts { get; set; }

    /// <summary>Attempts that stopped with an exit code other than 0, or with none (the container never ran or was killed with its host).</summary>
    public long AttemptsFailed { get; set; }

    /// <summary>Attempts with no stop seen by the end of the replay.</summary>
    public long AttemptsNotStopped { get; set; }

    /// <summary>The reason most of its failed attempts give (the container's own reason when it has one), ties by name.</summary>
    public string? CommonFailure { get; set; }

    /// <summary>How many failed attempts gave <see cref="CommonFailure"/>.</summary>
    public long CommonFailureCount { get; set; }

    /// <summary>Every failure reason of its attempts and how many gave it, most first (the JSON view's detail).</summary>
    public Dictionary<string, long>? Failures { get; set; }

    public double? FailedShare => Attempts - AttemptsNotStopped is > 0 and var stopped ? (double)AttemptsFailed / stopped : null;

    /// <summary>
    /// The share of the stopped attempts of the other instances of its compute environment that failed (with half a
    /// failure in one more attempt added, <see cref="FleetComparison"/>); null when no other instance of it ran anything.
    /// </summary>
    public double? FleetFailedShare { get; set; }

    /// <summary>Whether it fails far more than its compute environment's other instances (<see cref="FleetComparison"/>).</summary>
    public bool Suspect { get; set; }
}

/// <summary>What `brm instances` found beside the rows: attempts that ran on no EC2 instance it can name.</summary>
public sealed record InstanceActivityTotals(long FargateAttempts, long UnattributedAttempts);

/// <summary>
/// Per EC2 instance: the registry's record (instances.jsonl) joined with every job attempt the ledger places on it
/// (jobs.jsonl), to find the instances that fail the jobs sent to them (a bad host fails every job quickly and so
/// draws more of the queue to it) and those that lived long for few jobs. The ledger is streamed; what is kept is
/// one row per instance and the failure reasons of each.
/// </summary>
public sealed class InstanceActivity
{
    private readonly Dictionary<string, InstanceActivityRow> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _failures = new(StringComparer.Ordinal);
    private long _fargateAttempts;
    private long _unattributedAttempts;

    /// <summary>A registration: an EC2 instance registered with ECS as a container instance (several for one instance when its agent re-registers).</summary>
    public void Add(InstanceRecord registration)
    {
        var id = string.IsNullOrEmpty(registration.Ec2InstanceId) ? registration.ContainerInstanceArn : registration.Ec2InstanceId;
        var row = RowOf(id);
        row.Registrations++;
        // The registry's word over an attempt's, whichever is read first, so the rows do not depend on the order.
        row.InstanceType = registration.InstanceType ?? row.InstanceType;
        row.AvailabilityZone = registration.AvailabilityZone ?? row.AvailabilityZone;
        row.Architecture = registration.Architecture ?? row.Architecture;
        row.ComputeEnvironment = registration.ComputeEnvironment ?? row.ComputeEnvironment;
        row.RegisteredAt = Earliest(row.RegisteredAt, At(registration.RegisteredAt));
        row.DeregisteredAt = Latest(row.DeregisteredAt, At(registration.DeregisteredAt));
    }

    /// <summary>A job of the ledger: each of its attempts counts on the instance it ran on.</summary>
    public void Add(JobLedgerLine job)
    {
        foreach (var attempt in job.AttemptDetails ?? [])
        {
            if (attempt is null)
            {
                continue; // a hand-edited ledger's null: no attempt to count
            }

            if (attempt.InstanceId == JobObservations.Fargate)
            {
                _fargateAttempts++;
                continue;
            }

            if (attempt.InstanceId is not { } id)
            {
                _unattributedAttempts++;
                continue;
            }

            var row = RowOf(id);
            row.InstanceType ??= attempt.InstanceType;
            row.AvailabilityZone ??= attempt.AvailabilityZone;
            row.Architecture ??= attempt.Architecture;
            row.ComputeEnvironment ??= job.ComputeEnvironment;
            row.Attempts++;
            if (attempt.StoppedAt is null)
            {
                row.AttemptsNotStopped++;
            }
            else if (attempt.ExitCode != 0)
            {
                row.AttemptsFailed++;
                CountFailure(id, FailureOf(attempt));
            }
        }
    }

    public InstanceActivityTotals Totals => new(_fargateAttempts, _unattributedAttempts);

    /// <summary>Every instance seen, with its most common failure and its comparison with its fleet filled in.</summary>
    public IReadOnlyCollection<InstanceActivityRow> Rows()
    {
        foreach (var row in _rows.Values)
        {
            if (_failures.TryGetValue(row.InstanceId, out var reasons))
            {
                row.Failures = reasons.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)
                    .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
                (row.CommonFailure, row.CommonFailureCount) = row.Failures.First();
            }
        }

        FleetComparison.Compare(_rows.Values);
        return _rows.Values;
    }

    /// <summary>
    /// How an attempt failed, in the words that tell attempts apart: the container's reason (OutOfMemoryError...,
    /// CannotPullContainerError...) when it gave one, else the exit code, else the task's reason ("Host EC2 ... terminated").
    /// </summary>
    public static string FailureOf(JobAttempt attempt) =>
        attempt.ContainerReason is { Length: > 0 } container ? container
        : attempt.ExitCode is { } code ? $"exit code {code.ToString(CultureInfo.InvariantCulture)}"
        : attempt.StatusReason is { Length: > 0 } reason ? reason
        : "stopped without an exit code or a reason";

    private InstanceActivityRow RowOf(string id)
    {
        if (!_rows.TryGetValue(id, out var row))
        {
            row = new InstanceActivityRow { InstanceId = id };
            _rows[id] = row;
        }

        return row;
    }

    private void CountFailure(string id, string reason)
    {
        if (!_failures.TryGetValue(id, out var reasons))
        {
            reasons = new Dictionary<string, long>(StringComparer.Ordinal);
            _failures[id] = reasons;
        }

        reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
    }

    private static DateTimeOffset? At(long? epochMilliseconds) =>
        epochMilliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
