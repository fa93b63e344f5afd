using System.Text.Json;

namespace BatchRuntimeMonitor.Tests.Simulator;

public sealed class ArraysAndDependenciesTests(DayFixture fixture) : IClassFixture<DayFixture>
{
    private SimulatedDay Day => fixture.Day;

    [Fact]
    public void Array_children_carry_their_index_and_parent_id()
    {
        var children = Day.Lines("batch.jsonl").Select(e => e.GetProperty("detail"))
            .Where(d => d.TryGetProperty("arrayProperties", out var a) && a.TryGetProperty("index", out _)).ToList();

        children.Should().NotBeEmpty();
        children.Should().OnlyContain(d => d.GetProperty("jobId").GetString()!.EndsWith(":" + d.GetProperty("arrayProperties").GetProperty("index").GetInt32(), StringComparison.Ordinal));
        Day.Lines("batch.jsonl").Should().Contain(e => e.Prop("detail").Prop("arrayProperties").Has("size"), "array parents report their size");
    }

    [Fact]
    public void DependsOn_holds_SEQUENTIAL_N_TO_N_and_plain_dependencies()
    {
        var dependencies = Day.Lines("batch.jsonl")
            .SelectMany(e => e.GetProperty("detail").GetProperty("dependsOn").EnumerateArray())
            .Select(d => d.TryGetProperty("type", out var t) ? t.GetString() : "plain")
            .ToHashSet();

        dependencies.Should().Contain(["SEQUENTIAL", "N_TO_N", "plain"]);
    }

    [Fact]
    public void SubmitJob_is_called_for_plain_jobs_and_array_parents_never_for_children()
    {
        var submitted = Day.Lines("cloudtrail.jsonl").Where(e => EventKinds.Of(e) == "SubmitJob")
            .Select(e => e.GetProperty("detail").GetProperty("responseElements").GetProperty("jobId").GetString()!).ToHashSet();
        var truthRows = Day.GroundTruth().GetProperty("jobs").EnumerateArray().ToList();

        submitted.Should().BeEquivalentTo(truthRows.Where(r => r.GetProperty("ParentJobId").ValueKind == JsonValueKind.Null).Select(r => r.GetProperty("JobId").GetString()));
        submitted.Should().NotContain(id => id.Contains(':', StringComparison.Ordinal));
    }
}
