namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>Rewrites a folder of .jsonl events as one file, reordered and with duplicates, deterministically.</summary>
public static class EventShuffler
{
    /// <param name="maxDisplacement">How far an event may move from its place in time order; null shuffles everything.</param>
    public static string Write(string eventsDirectory, string outputFile, int seed, double duplicateFraction, TimeSpan? maxDisplacement)
    {
        var random = new Random(seed);
        var lines = Directory.EnumerateFiles(eventsDirectory, "*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines)
            .Where(line => line.Length > 0)
            .ToList();
        var keyed = lines.Select(line => (Line: line, Key: SortKey(line, random, maxDisplacement))).ToList();
        foreach (var original in keyed.ToList())
        {
            if (random.NextDouble() < duplicateFraction)
            {
                // At least once delivery: the same event (same id) again, later.
                keyed.Add((original.Line, original.Key + (random.NextDouble() * (maxDisplacement ?? TimeSpan.FromHours(1)).TotalSeconds)));
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(outputFile)!);
        File.WriteAllLines(outputFile, keyed.OrderBy(k => k.Key).Select(k => k.Line));
        return outputFile;
    }

    private static double SortKey(string line, Random random, TimeSpan? maxDisplacement)
    {
        if (maxDisplacement is null)
        {
            return random.NextDouble();
        }

        var time = DateTimeOffset.Parse(System.Text.Json.Nodes.JsonNode.Parse(line)!["time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        return time.ToUnixTimeSeconds() + (random.NextDouble() * maxDisplacement.Value.TotalSeconds);
    }
}
