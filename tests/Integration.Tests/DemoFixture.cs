using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// One `brm demo --jobs 300` run shared by every test class of the "brm demo" collection: the demo takes a few
/// seconds, the checks on its output (page, ledger, cost, browser) only read it.
/// </summary>
public sealed class DemoFixture : IAsyncLifetime
{
    public const int Jobs = 300;

    public string WorkingDirectory { get; } = Directory.CreateTempSubdirectory("brm-demo-").FullName;

    /// <summary>The --out folder, given relative to the working folder as a user would.</summary>
    public string OutDirectory => Path.Combine(WorkingDirectory, "out");

    public string GroundTruthPath => Path.Combine(OutDirectory, "events", "ground-truth.json");

    public BrmResult Demo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Demo = await BrmProcess.RunAsync(WorkingDirectory, "demo", "--out", "out", "--jobs", Jobs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "42");
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }

        return Task.CompletedTask;
    }

    public List<JsonObject> Ledger() =>
        File.ReadLines(Path.Combine(OutDirectory, "jobs.jsonl")).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    public JsonArray GroundTruthJobs() => JsonNode.Parse(File.ReadAllText(GroundTruthPath))!["jobs"]!.AsArray();

    public JsonObject Summary() => JsonNode.Parse(File.ReadAllText(Path.Combine(OutDirectory, "summary.json")))!.AsObject();
}

[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<DemoFixture>
{
    public const string Name = "brm demo";
}
