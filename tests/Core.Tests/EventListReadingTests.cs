using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Tests.Core.Support;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// The event readers collect every list in one per-thread scratch list and return an array of the exact size: each
/// read must still give every item in order, lists nested in list items their own items, and nothing of one read
/// (even one that failed half-way, or one on another thread) may appear in another.
/// </summary>
public class EventListReadingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(300)]
    public void A_list_of_any_length_reads_every_item_in_order(int count)
    {
        var detail = ReadTask(TaskEvent(count, overrides: 2, containers: count));

        detail.Containers.Should().HaveCount(count);
        detail.Containers!.Select(c => c.ExitCode).Should().Equal(Enumerable.Range(0, count).Select(i => (int?)i));
        foreach (var (container, index) in detail.Overrides!.ContainerOverrides!.Select((c, i) => (c, i)))
        {
            container.Environment!.Select(v => v.Name + "=" + v.Value).Should().Equal(Variables(count, index), "override {0} has its own variables", index);
        }
    }

    [Fact]
    public void Lists_nested_in_list_items_each_keep_their_own_items()
    {
        // Attempts -> task properties -> containers: three levels, several items at each, read while the outer lists are open.
        var attempts = new JsonArray();
        for (var a = 0; a < 3; a++)
        {
            var tasks = new JsonArray();
            for (var t = 0; t < 2; t++)
            {
                var containers = new JsonArray();
                for (var c = 0; c < 3; c++)
                {
                    containers.Add(new JsonObject { ["taskArn"] = $"arn:task/{a}-{t}-{c}", ["exitCode"] = c });
                }

                tasks.Add(new JsonObject { ["taskArn"] = $"arn:task/{a}-{t}", ["containers"] = containers });
            }

            attempts.Add(new JsonObject { ["startedAt"] = 1000 + a, ["taskProperties"] = tasks });
        }

        var @event = new JsonObject
        {
            ["time"] = "2024-05-01T10:00:00Z",
            ["detail"] = new JsonObject { ["jobId"] = "j-1", ["status"] = "FAILED", ["attempts"] = attempts },
        };
        var body = PipelineJson.Record(RecordKind.JobStateChange, @event).ToJsonString();

        var read = BatchJobEventReader.Read(PipelineRecordReader.Parse(body)).Detail;
        var typed = PipelineRecordReader.Parse(body).Read(PipelineJsonContext.Default.PipelineRecordBatchJobDetail).Event!.Detail!;

        Describe(read).Should().Equal(Describe(typed));
        Describe(read).Should().HaveCount(3 * 2 * 3);
    }

    [Fact]
    public void A_read_that_fails_half_way_leaves_nothing_in_the_next_one()
    {
        var broken = TaskEvent(5, overrides: 1, containers: 4);
        broken["detail"]!["overrides"]!["containerOverrides"]![0]!["environment"]!.AsArray().Insert(3, null);
        var read = () => ReadTask(broken);
        read.Should().Throw<RecordRejectedException>().WithMessage("*environment[]*");

        var detail = ReadTask(TaskEvent(2, overrides: 1, containers: 1));
        detail.Overrides!.ContainerOverrides!.Single().Environment!.Select(v => v.Name + "=" + v.Value).Should().Equal(Variables(2, 0));
        detail.Containers.Should().ContainSingle();
    }

    [Fact]
    public void A_list_read_earlier_is_not_changed_by_later_reads()
    {
        var first = ReadTask(TaskEvent(3, overrides: 1, containers: 3));
        var firstNames = first.Overrides!.ContainerOverrides![0].Environment!.Select(v => v.Name).ToList();

        var second = ReadTask(TaskEvent(6, overrides: 1, containers: 6));

        second.Containers.Should().NotBeSameAs(first.Containers);
        first.Overrides.ContainerOverrides[0].Environment!.Select(v => v.Name).Should().Equal(firstNames);
        first.Containers.Should().HaveCount(3);
    }

    [Fact]
    public async Task Reads_on_two_threads_at_once_each_get_their_own_items()
    {
        var failures = 0;
        void ReadMany(int count)
        {
            for (var i = 0; i < 300; i++)
            {
                var detail = ReadTask(TaskEvent(count, overrides: 1, containers: count));
                if (detail.Containers!.Count != count
                    || !detail.Overrides!.ContainerOverrides![0].Environment!.Select(v => v.Name + "=" + v.Value).SequenceEqual(Variables(count, 0)))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }

        var one = Task.Run(() => ReadMany(4));
        var other = Task.Run(() => ReadMany(9));
        await Task.WhenAll(one, other);

        failures.Should().Be(0);
    }

    [Fact]
    public void RunTask_tags_and_failures_read_every_item()
    {
        var record = PipelineJson.Record(RecordKind.RunTaskCall, PipelineJson.WrapCloudTrail(new JsonObject
        {
            ["eventID"] = "e-1",
            ["eventTime"] = "2024-05-01T10:00:00Z",
            ["requestParameters"] = new JsonObject
            {
                ["cluster"] = "arn:cluster/c",
                ["tags"] = new JsonArray(Enumerable.Range(0, 7).Select(i => (JsonNode?)new JsonObject { ["key"] = $"k{i}", ["value"] = $"v{i}" }).ToArray()),
            },
            ["responseElements"] = new JsonObject
            {
                ["failures"] = new JsonArray(Enumerable.Range(0, 5).Select(i => (JsonNode?)new JsonObject { ["reason"] = $"r{i}" }).ToArray()),
            },
        }));

        var detail = RunTaskCallReader.Read(PipelineRecordReader.Parse(record.ToJsonString())).Detail;

        detail.Tags.Select(t => t.Name + "=" + t.Value).Should().Equal(Enumerable.Range(0, 7).Select(i => $"k{i}=v{i}"));
        detail.FailureReasons.Should().Equal(Enumerable.Range(0, 5).Select(i => $"r{i}"));
    }

    private static EcsTaskDetail ReadTask(JsonObject @event) =>
        EcsTaskEventReader.Read(PipelineRecordReader.Parse(PipelineJson.Record(RecordKind.TaskStateChange, @event).ToJsonString())).Detail;

    private static JsonObject TaskEvent(int variables, int overrides, int containers)
    {
        var containerList = new JsonArray(Enumerable.Range(0, containers).Select(i => (JsonNode?)new JsonObject { ["name"] = $"c{i}", ["exitCode"] = i }).ToArray());
        var overrideList = new JsonArray();
        for (var o = 0; o < overrides; o++)
        {
            overrideList.Add(new JsonObject
            {
                ["name"] = $"c{o}",
                ["environment"] = new JsonArray(Variables(variables, o).Select(v => (JsonNode?)new JsonObject { ["name"] = v.Split('=')[0], ["value"] = v.Split('=')[1] }).ToArray()),
            });
        }

        return new JsonObject
        {
            ["time"] = "2024-05-01T10:00:00Z",
            ["detail"] = new JsonObject
            {
                ["taskArn"] = "arn:task/1",
                ["lastStatus"] = "STOPPED",
                ["containers"] = containerList,
                ["overrides"] = new JsonObject { ["containerOverrides"] = overrideList },
            },
        };
    }

    private static IEnumerable<string> Variables(int count, int set) => Enumerable.Range(0, count).Select(i => $"V{set}_{i}=value {i}");

    private static List<string> Describe(BatchJobDetail detail) =>
        detail.Attempts!.SelectMany(a => a.TaskProperties!.SelectMany(t => t.Containers!.Select(c => $"{a.StartedAt} {t.TaskArn} {c.TaskArn} {c.ExitCode}"))).ToList();
}
