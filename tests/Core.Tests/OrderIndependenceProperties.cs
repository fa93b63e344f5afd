using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Tests.Core.Support;
using FsCheck;
using FsCheck.Fluent;
using static BatchRuntimeMonitor.Tests.Core.Support.Delivery;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// Events arrive at least once and in any order. Whatever the order and duplication, the ledger and the registry
/// must end identical to the in-order result, and the EMF counts must total the same.
/// </summary>
public class OrderIndependenceProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(200);

    /// <summary>A scenario seed, and a seed for the shuffle and the duplicates.</summary>
    private static Arbitrary<(int Scenario, int Delivery, int Jobs)> Seeds() =>
        (from scenario in Gen.Choose(0, int.MaxValue - 1)
         from delivery in Gen.Choose(0, int.MaxValue - 1)
         from jobs in Gen.Choose(1, 4)
         select (scenario, delivery, jobs)).ToArbitrary();

    [Fact]
    public void Job_ledger_is_the_same_whatever_the_order_and_duplicates()
    {
        Check.One(Config, Prop.ForAll(Seeds(), seeds =>
        {
            var scenario = JobScenario.Generate(seeds.Scenario, seeds.Jobs);
            var inOrder = Replay(scenario.Records);
            var shuffled = Replay(Deliver(scenario.Records, seeds.Delivery));
            foreach (var jobId in scenario.JobIds)
            {
                var expected = WithoutFirstKnownDurations(inOrder.JobJson(jobId));
                var actual = WithoutFirstKnownDurations(shuffled.JobJson(jobId));
                JsonDiff.Differences(expected, actual).Should().BeEmpty($"seeds {seeds}: job {jobId} (in order != shuffled)");
            }
        }));
    }

    [Fact]
    public void Metric_counts_are_the_same_whatever_the_order_and_duplicates()
    {
        Check.One(Config, Prop.ForAll(Seeds(), seeds =>
        {
            var scenario = JobScenario.Generate(seeds.Scenario, seeds.Jobs);
            var inOrder = Replay(scenario.Records);
            var shuffled = Replay(Deliver(scenario.Records, seeds.Delivery));
            JsonDiff.Differences(Summary(inOrder), Summary(shuffled)).Should().BeEmpty($"seeds {seeds}: in order != shuffled");
            shuffled.Output.Insights.Select(i => i.JobId).Should().BeEquivalentTo(inOrder.Output.Insights.Select(i => i.JobId), "one insight record per finished job");
            shuffled.Output.EmfLines.Should().OnlyContain(line => BatchRuntimeMonitor.Core.Emf.EmfValidator.Validate(line).Count == 0);
        }));
    }

    [Fact]
    public void Job_level_metric_counts_are_the_same_even_when_attempts_move_across_instance_types()
    {
        Check.One(Config, Prop.ForAll(Seeds(), seeds =>
        {
            var scenario = JobScenario.Generate(seeds.Scenario, seeds.Jobs, sameInstanceTypePerJob: false);
            var inOrder = Replay(scenario.Records);
            var shuffled = Replay(Deliver(scenario.Records, seeds.Delivery));
            JsonDiff.Differences(JobLevel(Summary(inOrder)), JobLevel(Summary(shuffled))).Should().BeEmpty($"seeds {seeds}: in order != shuffled");
        }));
    }

    [Fact]
    public void Replaying_the_same_records_again_changes_nothing_and_counts_nothing()
    {
        Check.One(Config, Prop.ForAll(Seeds(), seeds =>
        {
            var scenario = JobScenario.Generate(seeds.Scenario, seeds.Jobs);
            var run = Replay(scenario.Records);
            var before = scenario.JobIds.Select(run.JobJson).ToList();
            var lines = run.Output.EmfLines.Count;
            foreach (var record in Deliver(scenario.Records, seeds.Delivery))
            {
                run.ApplyAsync(record).GetAwaiter().GetResult();
            }

            scenario.JobIds.Select(run.JobJson).Should().Equal(before, $"seeds {seeds}");
            run.Output.EmfLines.Should().HaveCount(lines, $"seeds {seeds}");
        }));
    }

    [Fact]
    public void Instance_registry_is_the_same_whatever_the_order_and_duplicates()
    {
        var gen = from seed in Gen.Choose(0, int.MaxValue - 1)
                  from delivery in Gen.Choose(0, int.MaxValue - 1)
                  from count in Gen.Choose(1, 6)
                  select (seed, delivery, count);
        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), seeds =>
        {
            var (records, arns) = InstanceEvents(seeds.seed, seeds.count);
            var inOrder = Replay(records);
            var shuffled = Replay(Deliver(records, seeds.delivery));
            foreach (var arn in arns)
            {
                var expected = InstanceItemMapping.ToItem(inOrder.Instance(arn)!).ToJsonString();
                var actual = InstanceItemMapping.ToItem(shuffled.Instance(arn)!).ToJsonString();
                JsonDiff.Differences(expected, actual).Should().BeEmpty($"seeds {seeds}: instance {arn} (in order != shuffled)");
            }

            JsonDiff.Differences(Summary(inOrder), Summary(shuffled)).Should().BeEmpty($"seeds {seeds}: in order != shuffled");
        }));
    }

    /// <summary>
    /// RunnableSeconds and StartingSeconds are emitted "when both ends are first known" (docs/metrics.md): a
    /// STARTING or RUNNABLE event arriving after that moment would have given another value, so which value (and
    /// whether one, when the late event makes the span negative) depends on arrival order by definition. Every
    /// other metric, RunningSeconds and the terminal summary included, must total the same.
    /// </summary>
    private static readonly string[] FirstKnownDurations = ["RunnableSeconds", "StartingSeconds"];

    internal static SortedDictionary<string, string> Summary(Processors run) =>
        new(MetricObservation.Totals(run.Output.Observations().Where(o => !FirstKnownDurations.Contains(o.Metric))), StringComparer.Ordinal);

    internal static string WithoutFirstKnownDurations(string jobJson)
    {
        var node = JsonNode.Parse(jobJson)!.AsObject();
        var emitted = node["Emitted"]!.AsArray();
        node["Emitted"] = new JsonArray(emitted.Select(e => e!.GetValue<string>())
            .Where(e => !FirstKnownDurations.Any(d => e.StartsWith("duration:" + d, StringComparison.Ordinal)))
            .Select(e => (JsonNode)e).ToArray());
        return node.ToJsonString();
    }

    [Fact]
    public void Delivered_in_order_each_duration_is_emitted_once_per_set_with_the_ledger_value()
    {
        Check.One(Config, Prop.ForAll(Seeds(), seeds =>
        {
            var scenario = JobScenario.Generate(seeds.Scenario, seeds.Jobs);
            var run = Replay(scenario.Records);
            foreach (var jobId in scenario.JobIds)
            {
                var job = run.Job(jobId)!;
                var expected = new Dictionary<string, double?>
                {
                    // The metric never takes the ledger's RUNNING fallback: a terminal event overtaking STARTING would fix a
                    // too-long wait for good, so without STARTING there is no RunnableSeconds metric (the ledger still has it).
                    ["RunnableSeconds"] = job.StatusFirstSeen.ContainsKey("STARTING")
                        ? BatchRuntimeMonitor.Core.Jobs.JobDurations.Seconds(BatchRuntimeMonitor.Core.Jobs.JobDurations.RunnableMs(job))
                        : null,
                    ["StartingSeconds"] = BatchRuntimeMonitor.Core.Jobs.JobDurations.Seconds(BatchRuntimeMonitor.Core.Jobs.JobDurations.StartingMs(job)),
                    ["RunningSeconds"] = BatchRuntimeMonitor.Core.Jobs.JobDurations.Seconds(BatchRuntimeMonitor.Core.Jobs.JobDurations.RunningMs(job)),
                };
                var lines = run.Output.EmfLines.Where(l => JsonNode.Parse(l)!["JobId"]?.GetValue<string>() == jobId).ToList();
                foreach (var (metric, value) in expected)
                {
                    var emitted = lines.SelectMany(MetricObservation.FromLine).Where(o => o.Metric == metric).ToList();
                    if (value is null)
                    {
                        emitted.Should().BeEmpty($"seeds {seeds}: {jobId} {metric} has an end that was never seen (or no STARTING)");
                        continue;
                    }

                    emitted.Should().NotBeEmpty($"seeds {seeds}: {jobId} {metric}");
                    emitted.Select(o => o.Value).Distinct().Should().Equal([Math.Round(value.Value, 3)], $"seeds {seeds}: {jobId} {metric}");
                    emitted.Select(o => o.Dimensions).Should().OnlyHaveUniqueItems($"seeds {seeds}: {jobId} {metric} counted once per set");
                    value.Should().BeGreaterThanOrEqualTo(0);
                }
            }
        }));
    }

    /// <summary>
    /// Delivered newest first (the terminal event, listing every attempt, ahead of everything else), a retried job's
    /// first-attempt spans must wait for the first attempt's own RUNNABLE, STARTING and RUNNING instead of taking the
    /// retry's, and then total what in-order delivery gives.
    /// </summary>
    [Fact]
    public void Delivered_newest_first_the_first_attempt_spans_still_total_the_in_order_values()
    {
        Check.One(Config, Prop.ForAll(Seeds(), seeds =>
        {
            var scenario = JobScenario.Generate(seeds.Scenario, seeds.Jobs);
            var inOrder = Replay(scenario.Records);
            var newestFirst = Replay(Enumerable.Reverse(scenario.Records));
            string Spans(Processors run) => string.Join("; ", MetricObservation.Totals(run.Output.Observations().Where(o => FirstKnownDurations.Contains(o.Metric)))
                .Select(t => $"{t.Key}={t.Value}"));
            Spans(newestFirst).Should().Be(Spans(inOrder), $"seeds {seeds}");
        }));
    }

    private static SortedDictionary<string, string> JobLevel(SortedDictionary<string, string> totals) =>
        new(totals.Where(t => t.Key.Contains("|JobQueue=", StringComparison.Ordinal) || t.Key.Contains("|JobDefinition=", StringComparison.Ordinal)
            || t.Key.Contains("|ComputeEnvironment=", StringComparison.Ordinal)).ToDictionary(), StringComparer.Ordinal);



    private static (List<JsonObject> Records, List<string> Arns) InstanceEvents(int seed, int count)
    {
        var random = new Random(seed);
        var records = new List<JsonObject>();
        var arns = new List<string>();
        var template = JsonNode.Parse(File.ReadAllText(Support.TestData.Path("constructed-cloudtrail-register-container-instance.json")))!.AsObject();
        var deregisterTemplate = JsonNode.Parse(File.ReadAllText(Support.TestData.Path("constructed-cloudtrail-deregister-container-instance.json")))!.AsObject();
        var stateTemplate = PipelineJson.SharedEvent("ecs-container-instance/awsdocs-ecs-container-instance-2016.json");
        string[] types = ["m5.large", "c6g.xlarge", "r7gd.2xlarge"];
        string[] zones = ["us-east-1a", "us-east-1b"];
        for (var i = 0; i < count; i++)
        {
            var cluster = random.Next(2) == 0 ? "AWSBatch-ce-a-0a95f22d-7108-3c4e-99f7-2fd92e1a8941" : "ce_b_Batch_0a95f22d-7108-3c4e-99f7-2fd92e1a8942";
            var id = Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + i.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            var arn = $"arn:aws:ecs:us-east-1:123456789012:container-instance/{cluster}/{id}";
            arns.Add(arn);
            var type = types[random.Next(types.Length)];
            var zone = zones[random.Next(zones.Length)];
            var registeredMs = 1_714_557_600_000 + (random.Next(0, 86_400) * 1000L);
            var deregisteredMs = registeredMs + (random.Next(60, 86_400) * 1000L);

            var detail = new JsonObject
            {
                ["clusterArn"] = $"arn:aws:ecs:us-east-1:123456789012:cluster/{cluster}",
                ["containerInstanceArn"] = arn,
                ["ec2InstanceId"] = "i-" + id[..17],
                ["registeredResources"] = stateTemplate["detail"]!["registeredResources"]!.DeepClone(),
                ["attributes"] = new JsonArray(
                    new JsonObject { ["name"] = "ecs.instance-type", ["value"] = type },
                    new JsonObject { ["name"] = "ecs.availability-zone", ["value"] = zone }),
                ["registeredAt"] = DateTimeOffset.FromUnixTimeMilliseconds(registeredMs).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            };
            var before = records.Count;
            if (random.Next(3) != 0)
            {
                var active = (JsonObject)stateTemplate.DeepClone();
                active["detail"] = detail.DeepClone();
                active["detail"]!["status"] = "ACTIVE";
                active["detail"]!["updatedAt"] = DateTimeOffset.FromUnixTimeMilliseconds(registeredMs + 5000).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                records.Add(PipelineJson.Record(RecordKind.ContainerInstanceStateChange, active));
            }

            if (random.Next(3) != 0 || records.Count == before)
            {
                var call = (JsonObject)template.DeepClone();
                call["eventID"] = System.Guid.NewGuid().ToString();
                call["eventTime"] = DateTimeOffset.FromUnixTimeMilliseconds(registeredMs / 1000 * 1000).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                call["requestParameters"]!["cluster"] = cluster;
                call["requestParameters"]!["instanceIdentityDocument"] = "HIDDEN_DUE_TO_SECURITY_REASONS";
                var instance = call["responseElements"]!["containerInstance"]!;
                instance["containerInstanceArn"] = arn;
                instance["ec2InstanceId"] = detail["ec2InstanceId"]!.DeepClone();
                instance["registeredResources"] = detail["registeredResources"]!.DeepClone();
                instance["attributes"] = detail["attributes"]!.DeepClone();
                instance["registeredAt"] = detail["registeredAt"]!.DeepClone();
                records.Add(PipelineJson.Record(RecordKind.RegisterContainerInstanceCall, PipelineJson.WrapCloudTrail(call)));
            }

            if (random.Next(3) != 0)
            {
                var inactive = (JsonObject)stateTemplate.DeepClone();
                inactive["detail"] = detail.DeepClone();
                inactive["detail"]!["status"] = "INACTIVE";
                inactive["detail"]!["updatedAt"] = DateTimeOffset.FromUnixTimeMilliseconds(deregisteredMs).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                records.Add(PipelineJson.Record(RecordKind.ContainerInstanceStateChange, inactive));
            }

            if (random.Next(2) == 0)
            {
                var call = (JsonObject)deregisterTemplate.DeepClone();
                call["eventID"] = System.Guid.NewGuid().ToString();
                call["eventTime"] = DateTimeOffset.FromUnixTimeMilliseconds(deregisteredMs / 1000 * 1000).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                call["requestParameters"]!["cluster"] = cluster;
                call["requestParameters"]!["containerInstance"] = id;
                records.Add(PipelineJson.Record(RecordKind.DeregisterContainerInstanceCall, PipelineJson.WrapCloudTrail(call)));
            }
        }

        return (records, arns);
    }
}
