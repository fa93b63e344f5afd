using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>A replay's output file of JSON Lines (jobs.jsonl, instances.jsonl) read a record at a time.</summary>
public static class JsonLinesQuery
{
    /// <param name="file">The file's name in <paramref name="from"/>.</param>
    /// <param name="kind">What a line is, for the warnings ("a ledger line").</param>
    /// <param name="whyNot">Why a parsed record is still not one (a missing key), or null when it is.</param>
    /// <param name="warnings">Told of each line that is not a record (file:line and why), which is skipped: a file
    /// cut short by a stopped replay, or edited by hand, still answers for the records it holds.</param>
    public static IEnumerable<T> Read<T>(string from, string file, JsonTypeInfo<T> type, string kind, Func<T, string?> whyNot, TextWriter warnings)
        where T : class
    {
        var path = Path.Combine(from, file);
        if (!File.Exists(path))
        {
            throw new UserErrorException($"{path} not found; run brm replay or brm demo first");
        }

        var number = 0L;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            T? record;
            try
            {
                record = JsonSerializer.Deserialize(line, type);
            }
            catch (JsonException e)
            {
                warnings.WriteLine($"brm: {path}:{number}: skipped: not {kind} ({e.Message})");
                continue;
            }

            if ((record is null ? "null" : whyNot(record)) is { } why)
            {
                warnings.WriteLine($"brm: {path}:{number}: skipped: not {kind} ({why})");
                continue;
            }

            yield return record!;
        }
    }
}
