using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.Brm.Replay;

namespace BatchRuntimeMonitor.Benchmarks.Moto;

/// <summary>
/// A coherent slice of a simulated day: every event of its first jobs (by first appearance, up to the number asked
/// for; an array job counts and comes whole, with its children, and the first job is always taken) and every event of the container instances those events name, kept in the order a
/// replay of the whole day reads them. So the joins and the ledger see what they would have seen in the full day.
/// CreateAutoScalingGroup calls are left out: they belong to no job, and on moto their EnableMetricsCollection
/// task needs a group that nobody created.
/// </summary>
public sealed record EventSample(IReadOnlyList<JsonObject> Events, int RootJobs, int JobIds, int Instances, string File)
{
    public static EventSample Take(string dayFolder, int jobs, int? maxEvents, string sampleFile)
    {
        var day = new EventFileReader(m => throw new InvalidDataException($"{m.File}:{m.Line}: {m.Reason}")).Read([dayFolder]).Select(e => e.Event).ToList();

        // Jobs grouped under their root (an array parent with its children), roots in order of first appearance.
        var jobsOfRoot = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var id in day.Select(JobIdOf).OfType<string>())
        {
            if (!jobsOfRoot.TryGetValue(RootOf(id), out var members))
            {
                members = new HashSet<string>(StringComparer.Ordinal);
                jobsOfRoot[RootOf(id)] = members;
                order.Add(RootOf(id));
            }

            members.Add(id);
        }

        var roots = new HashSet<string>(StringComparer.Ordinal);
        var sampledJobs = 0;
        foreach (var root in order.TakeWhile(r => roots.Count == 0 || sampledJobs + jobsOfRoot[r].Count <= jobs))
        {
            roots.Add(root);
            sampledJobs += jobsOfRoot[root].Count;
        }

        bool OfSampledJob(JsonObject evt) => JobIdOf(evt) is { } id && roots.Contains(RootOf(id));
        var instances = new HashSet<string>(StringComparer.Ordinal);
        foreach (var evt in day.Where(OfSampledJob))
        {
            CollectInstanceArns(evt, instances);
        }

        var sample = day.Where(e => OfSampledJob(e) || (InstanceOf(e) is { } arn && instances.Contains(arn))).Take(maxEvents ?? int.MaxValue).ToList();
        var jobIds = sample.Select(JobIdOf).OfType<string>().Distinct(StringComparer.Ordinal).Count();

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(sampleFile))!);
        System.IO.File.WriteAllLines(sampleFile, sample.Select(e => e.ToJsonString()));
        return new EventSample(sample, roots.Count, jobIds, instances.Count, sampleFile);
    }

    /// <summary>The job an event is about: the job of a Batch event, the job a SubmitJob call created, the job Batch started a task or a RunTask call for.</summary>
    private static string? JobIdOf(JsonObject evt)
    {
        var detail = evt["detail"];
        return (string?)evt["detail-type"] switch
        {
            "Batch Job State Change" or "Batch Job Queue Blocked" => (string?)detail?["jobId"],
            "ECS Task State Change" => (string?)detail?["startedBy"],
            "AWS API Call via CloudTrail" => (string?)detail?["eventName"] switch
            {
                "SubmitJob" => (string?)detail?["responseElements"]?["jobId"],
                "RunTask" => (string?)detail?["requestParameters"]?["startedBy"],
                _ => null,
            },
            _ => null,
        };
    }

    /// <summary>The container instance an instance event or Register/DeregisterContainerInstance call is about.</summary>
    private static string? InstanceOf(JsonObject evt)
    {
        var detail = evt["detail"];
        return (string?)evt["detail-type"] switch
        {
            "ECS Container Instance State Change" => (string?)detail?["containerInstanceArn"],
            "AWS API Call via CloudTrail" => (string?)detail?["eventName"] switch
            {
                "RegisterContainerInstance" => (string?)detail?["responseElements"]?["containerInstance"]?["containerInstanceArn"],
                "DeregisterContainerInstance" => (string?)detail?["requestParameters"]?["containerInstance"],
                _ => null,
            },
            _ => null,
        };
    }

    /// <summary>An array child "parent:index" belongs to its parent's sample.</summary>
    private static string RootOf(string jobId) => jobId.Split(':')[0];

    private static void CollectInstanceArns(JsonNode? node, HashSet<string> into)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o)
                {
                    CollectInstanceArns(value, into);
                }

                break;
            case JsonArray a:
                foreach (var value in a)
                {
                    CollectInstanceArns(value, into);
                }

                break;
            case JsonValue v when v.TryGetValue<string>(out var text) && text.Contains(":container-instance/", StringComparison.Ordinal):
                into.Add(text);
                break;
        }
    }
}
