namespace BatchRuntimeMonitor.Tests.Simulator;

public sealed class DeterminismTests
{
    private static readonly string[] Files = ["batch.jsonl", "ecs.jsonl", "cloudtrail.jsonl", "ground-truth.json"];

    [Fact]
    public void The_same_seed_writes_byte_identical_files()
    {
        using var first = new SimulatedDay(jobs: 300, seed: 7);
        using var second = new SimulatedDay(jobs: 300, seed: 7);

        foreach (var file in Files)
        {
            File.ReadAllBytes(second.FileOf(file)).Should().Equal(File.ReadAllBytes(first.FileOf(file)), because: $"{file} must not depend on anything but the options");
        }
    }

    [Fact]
    public void Another_seed_writes_another_day()
    {
        using var first = new SimulatedDay(jobs: 300, seed: 7);
        using var second = new SimulatedDay(jobs: 300, seed: 8);

        File.ReadAllBytes(second.FileOf("batch.jsonl")).Should().NotEqual(File.ReadAllBytes(first.FileOf("batch.jsonl")));
    }

    [Fact]
    public void Delivery_settings_change_the_delivery_but_not_the_ground_truth()
    {
        using var withDuplicates = new SimulatedDay(jobs: 300, seed: 7, duplicateFraction: 0.1, maxDelaySeconds: 60);
        using var without = new SimulatedDay(jobs: 300, seed: 7, duplicateFraction: 0, maxDelaySeconds: 0);

        File.ReadAllBytes(without.FileOf("ground-truth.json")).Should().Equal(File.ReadAllBytes(withDuplicates.FileOf("ground-truth.json")));
        without.Summary.EventsGenerated.Should().Be(withDuplicates.Summary.EventsGenerated);
    }
}
