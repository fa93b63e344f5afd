using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>
/// `brm instances`: per EC2 instance of a replay, its type, zone, lifetime, and the job attempts it ran and failed,
/// most failures first, so a host that fails every job it is given stands out from the failures a job brings with it.
/// </summary>
public static class InstancesCommand
{
    /// <summary>--sort's names: the order they put rows in, most first; ties by instance id.</summary>
    public static IReadOnlyDictionary<string, Comparison<InstanceActivityRow>> SortKeys { get; } = new Dictionary<string, Comparison<InstanceActivityRow>>(StringComparer.Ordinal)
    {
        ["suspect"] = (a, b) => b.Suspect.CompareTo(a.Suspect) is var by and not 0 ? by : Most(a.AttemptsFailed, b.AttemptsFailed, a.Attempts, b.Attempts),
        ["failed"] = (a, b) => Most(a.AttemptsFailed, b.AttemptsFailed, a.Attempts, b.Attempts),
        ["share"] = (a, b) => Most(a.FailedShare ?? -1, b.FailedShare ?? -1, a.AttemptsFailed, b.AttemptsFailed),
        ["attempts"] = (a, b) => Most(a.Attempts, b.Attempts, a.AttemptsFailed, b.AttemptsFailed),
        ["lifetime"] = (a, b) => Most(a.LifetimeSeconds ?? -1, b.LifetimeSeconds ?? -1, a.Attempts, b.Attempts),
    };

    public static Command Create()
    {
        var instanceId = new Argument<string?>("instance-id") { Description = "Show one instance (full detail, every failure reason)", Arity = ArgumentArity.ZeroOrOne };
        var from = new Option<string>("--from") { Description = "A replay's output folder", DefaultValueFactory = _ => "out" };
        var type = new Option<string?>("--type") { Description = "Only instances of this instance type" };
        var zone = new Option<string?>("--az") { Description = "Only instances in this Availability Zone" };
        var environment = new Option<string?>("--ce") { Description = "Only instances of this compute environment" };
        var sort = new Option<string>("--sort") { Description = "suspect (default): suspects first, then most failed attempts; failed; share: highest share of stopped attempts failed; attempts; lifetime", DefaultValueFactory = _ => "suspect" };
        var suspects = new Option<bool>("--suspect") { Description = "Only instances that fail far more of their attempts than the rest of their compute environment (fewer than 1 in 1,000 by chance, fleet-wide)" };
        sort.AcceptOnlyFromAmong([.. SortKeys.Keys]);
        var json = new Option<bool>("--json") { Description = "JSON Lines instead of a table" };
        var limit = LimitOption.Create("At most this many rows");
        var command = new Command("instances", "EC2 instances of a replay: type, zone, lifetime, job attempts run and failed, the commonest failure") { instanceId, from, type, zone, environment, suspects, sort, json, limit };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            var folder = result.GetValue(from)!;
            var activity = new InstanceActivity();
            foreach (var registration in InstanceRegistryQuery.Read(folder, Console.Error))
            {
                activity.Add(registration);
            }

            foreach (var job in JobLedgerQuery.Read(folder, JobLedgerQuery.Filter.All, Console.Error))
            {
                activity.Add(job);
            }

            var rows = activity.Rows().Where(row =>
                (result.GetValue(instanceId) is not { } id || row.InstanceId == id)
                && (result.GetValue(type) is not { } t || row.InstanceType == t)
                && (result.GetValue(zone) is not { } z || row.AvailabilityZone == z)
                && (result.GetValue(environment) is not { } ce || row.ComputeEnvironment == ce)
                && (!result.GetValue(suspects) || row.Suspect)).ToList();
            var order = SortKeys[result.GetValue(sort)!];
            rows.Sort((a, b) => order(a, b) is var by and not 0 ? by : string.CompareOrdinal(a.InstanceId, b.InstanceId));

            if (result.GetValue(instanceId) is { } one)
            {
                if (rows.Count == 0)
                {
                    throw new UserErrorException($"instance {one} is not in {Path.Combine(folder, "instances.jsonl")} nor named by an attempt in {Path.Combine(folder, "jobs.jsonl")}");
                }

                PrintJson(rows);
            }
            else if (result.GetValue(json))
            {
                PrintJson(rows.Take(result.GetValue(limit)));
            }
            else
            {
                PrintTable(rows, result.GetValue(limit), activity.Totals);
            }

            return Task.FromResult(0);
        }));
        return command;
    }

    private static void PrintJson(IEnumerable<InstanceActivityRow> rows)
    {
        foreach (var row in rows)
        {
            Console.WriteLine(JsonSerializer.Serialize(row, InstancesJson.Default.InstanceActivityRow));
        }
    }

    private static void PrintTable(List<InstanceActivityRow> rows, int limit, InstanceActivityTotals totals)
    {
        var shown = rows.Take(limit).ToList();
        if (shown.Count > 0)
        {
            var table = new Table().AddColumns("Instance", "Type", "AZ", "Arch", "Compute environment", "Registered (UTC)", "Lifetime", "Attempts", "Failed", "Failed %", "× fleet", "Not stopped", "Commonest failure");
            foreach (var row in shown)
            {
                table.AddRow(
                    Markup.Escape(row.InstanceId), row.InstanceType ?? "", row.AvailabilityZone ?? "", row.Architecture ?? "", Markup.Escape(row.ComputeEnvironment ?? ""),
                    row.RegisteredAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",
                    row.LifetimeSeconds is { } seconds ? Duration(seconds) : "-",
                    Count(row.Attempts), Count(row.AttemptsFailed),
                    row.FailedShare is { } share ? (share * 100).ToString("0", CultureInfo.InvariantCulture) : "-",
                    VersusFleet(row),
                    Count(row.AttemptsNotStopped),
                    row.CommonFailure is { } failure ? Markup.Escape($"{failure} ({Count(row.CommonFailureCount)})") : "");
            }

            TerminalOutput.Create().Write(table);
        }

        var count = shown.Count == rows.Count ? $"{rows.Count:N0} instances"
            : shown.Count == 0 ? $"{rows.Count:N0} instances (none shown: --limit 0)"
            : $"{rows.Count:N0} instances ({shown.Count:N0} shown; --limit or --json for more)";
        var elsewhere = new List<string>();
        if (totals.FargateAttempts > 0)
        {
            elsewhere.Add($"{totals.FargateAttempts:N0} attempts on Fargate");
        }

        if (totals.UnattributedAttempts > 0)
        {
            elsewhere.Add($"{totals.UnattributedAttempts:N0} attempts on no known instance");
        }

        Console.WriteLine(elsewhere.Count == 0 ? count : $"{count}; not in the table: {string.Join(", ", elsewhere)}");
        if (rows.Count(row => row.Suspect) is > 0 and var suspects)
        {
            Console.WriteLine($"{suspects:N0} suspect{(suspects == 1 ? "" : "s")} (! in × fleet): fail far more of their attempts than the rest of their compute environment, fewer than 1 in 1,000 by chance");
        }
    }

    /// <summary>The instance's failed share over its fleet's, with ! for a suspect.</summary>
    private static string VersusFleet(InstanceActivityRow row)
    {
        if (row.FailedShare is not { } share || row.FleetFailedShare is not { } fleet)
        {
            return "-";
        }

        var ratio = fleet > 0 ? (share / fleet).ToString("0.0", CultureInfo.InvariantCulture) : share > 0 ? "∞" : "0.0";
        return row.Suspect ? $"{ratio} !" : ratio;
    }

    /// <summary>Most first by <paramref name="a"/> against <paramref name="b"/>, then by the second measure.</summary>
    private static int Most(double a, double b, double thenA, double thenB) =>
        b.CompareTo(a) is var by and not 0 ? by : thenB.CompareTo(thenA);

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(seconds);
        return span.TotalHours >= 1
            ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
            : $"{span.Minutes}m{span.Seconds:00}s";
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InstanceActivityRow))]
internal sealed partial class InstancesJson : JsonSerializerContext;
