using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>Reading and comparing the output folders of two replays that must say the same.</summary>
public static class ReplayOutputs
{
    public static JsonObject Summary(string directory) => JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "summary.json")))!.AsObject();

    /// <summary>
    /// Each of <paramref name="files"/> byte for byte, and summary.json without its wall-clock fields (which differ
    /// between any two runs); <paramref name="because"/> names what must not change them.
    /// </summary>
    public static void AssertSame(string expected, string actual, IEnumerable<string> files, string because)
    {
        foreach (var file in files)
        {
            File.ReadAllText(Path.Combine(actual, file)).Should().Be(File.ReadAllText(Path.Combine(expected, file)), $"{file} must not depend on {because}");
        }

        Comparable(Summary(actual)).Should().Be(Comparable(Summary(expected)));
    }

    private static string Comparable(JsonObject summary)
    {
        summary.Remove("ElapsedSeconds");
        summary.Remove("EventsPerSecond");
        return summary.ToJsonString();
    }
}
