using System.Text.Json;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Json;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>A replay's instance registry (instances.jsonl) read a line at a time.</summary>
public static class InstanceRegistryQuery
{
    /// <param name="warnings">Told of each line that is not a registry line (file:line and why), which is skipped.</param>
    public static IEnumerable<InstanceRecord> Read(string from, TextWriter warnings)
    {
        var path = Path.Combine(from, "instances.jsonl");
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

            InstanceRecord? record;
            try
            {
                record = JsonSerializer.Deserialize(line, CoreJsonContext.Default.InstanceRecord);
            }
            catch (JsonException e)
            {
                warnings.WriteLine($"brm: {path}:{number}: skipped: not an instance line ({e.Message})");
                continue;
            }

            if (record is null)
            {
                warnings.WriteLine($"brm: {path}:{number}: skipped: not an instance line (null)");
                continue;
            }

            yield return record;
        }
    }
}
