using System.Text.Json;
using BatchRuntimeMonitor.Local.Simulator;

namespace BatchRuntimeMonitor.Tests.Simulator;

/// <summary>A simulated day written to a fresh temporary folder, with helpers to read its files back.</summary>
public sealed class SimulatedDay : IDisposable
{
    public SimulatedDay(int jobs = 500, int seed = 42, double duplicateFraction = 0.02, int maxDelaySeconds = 30)
    {
        Directory = Path.Combine(Path.GetTempPath(), "brm-sim-" + Guid.NewGuid().ToString("N"));
        Options = new SimulationOptions
        {
            Jobs = jobs,
            Seed = seed,
            OutputDirectory = Directory,
            DuplicateFraction = duplicateFraction,
            MaxDeliveryDelaySeconds = maxDelaySeconds,
        };
        Summary = DaySimulator.Run(Options);
    }

    public string Directory { get; }

    public SimulationOptions Options { get; }

    public SimulationSummary Summary { get; }

    public string FileOf(string name) => Path.Combine(Directory, name);

    /// <summary>Every delivered line of one file, parsed, in delivery order.</summary>
    public IEnumerable<JsonElement> Lines(string fileName)
    {
        foreach (var line in File.ReadLines(FileOf(fileName)))
        {
            using var document = JsonDocument.Parse(line);
            yield return document.RootElement.Clone();
        }
    }

    public IEnumerable<JsonElement> AllEvents() => Lines("batch.jsonl").Concat(Lines("ecs.jsonl")).Concat(Lines("cloudtrail.jsonl"));

    public JsonElement GroundTruth()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FileOf(DaySimulator.GroundTruthFileName)));
        return document.RootElement.Clone();
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test run for.
        }
    }
}

/// <summary>One 500-job day shared by the tests that only read it.</summary>
public sealed class DayFixture : IDisposable
{
    public SimulatedDay Day { get; } = new();

    public void Dispose() => Day.Dispose();
}
