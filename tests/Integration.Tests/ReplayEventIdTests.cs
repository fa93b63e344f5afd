using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// An event's "id" names its executions. EventBridge's ids are strings, but an archive edited by hand may hold a
/// number, an object or no id at all: the replay runs such events like any other instead of stopping (it used to
/// stop at the first one, GetValue&lt;string&gt; throwing in the runner).
/// </summary>
public sealed class ReplayEventIdTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-event-id-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Events_whose_id_is_not_a_string_are_replayed_like_the_others()
    {
        var sample = JsonNode.Parse(SharedEvents.Read("batch-job/aws-batch-runtime-monitoring-ecsproperties-runnable.json"))!.AsObject();
        var ids = new JsonNode?[] { JsonValue.Create(5), new JsonObject { ["x"] = 1 }, null, JsonValue.Create("a-string-id") };
        var lines = ids.Select((id, i) =>
        {
            var @event = sample.DeepClone().AsObject();
            @event.Remove("id");
            if (id is not null)
            {
                @event["id"] = id;
            }

            @event["detail"]!["jobId"] = $"job-{i}";
            return @event.ToJsonString();
        });
        var input = Path.Combine(_work, "events.jsonl");
        File.WriteAllLines(input, lines);

        var summary = await new ReplayRunner(new ReplayOptions
        {
            TemplatePath = RepositoryPaths.InRepo("template.yaml"),
            OutputDirectory = Path.Combine(_work, "out"),
        }).RunAsync([input], null, TextWriter.Null, CancellationToken.None);

        summary.EventsRead.Should().Be(4);
        summary.EventsRejected.Should().Be(0);
        summary.Executions.Should().Be(4, "each event matches the job states rule");
        summary.ExecutionsFailed.Should().Be(0);
        summary.Jobs.Should().Be(4, "every job reaches the ledger, whatever its event's id");
    }
}
