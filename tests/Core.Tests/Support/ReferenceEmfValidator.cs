using System.Text.Json;
using BatchRuntimeMonitor.Core.Emf;

namespace BatchRuntimeMonitor.Tests.Core.Support;

/// <summary>
/// The JsonDocument-based EMF validator as it was before <see cref="EmfValidator"/> became one Utf8JsonReader pass
/// (commit f1ea703), unchanged but for its name: the oracle the property tests compare the new one with. Not for
/// use outside tests.
/// </summary>
internal static class ReferenceEmfValidator
{
    public static IReadOnlyList<string> Validate(string line) => Validate(System.Text.Encoding.UTF8.GetBytes(line));

    /// <summary>The same checks on the UTF-8 line as a writer holds it, with no string made of it.</summary>
    public static IReadOnlyList<string> Validate(ReadOnlySpan<byte> utf8Line)
    {
        var errors = new List<string>();
        if (utf8Line.Length > EmfLimits.MaxLogEventBytes)
        {
            errors.Add($"document is larger than a CloudWatch Logs event ({EmfLimits.MaxLogEventBytes} bytes)");
        }

        JsonDocument parsed;
        try
        {
            var reader = new Utf8JsonReader(utf8Line);
            parsed = JsonDocument.ParseValue(ref reader);
            reader.Read(); // throws when anything but white space follows the document, as Parse would
        }
        catch (JsonException ex)
        {
            errors.Add($"not JSON: {ex.Message}");
            return errors;
        }

        using (parsed)
        {
            ValidateRoot(parsed.RootElement, errors);
        }

        return errors;
    }

    private static void ValidateRoot(JsonElement root, List<string> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("root is not an object");
            return;
        }

        if (!root.TryGetProperty("_aws", out var aws) || aws.ValueKind != JsonValueKind.Object)
        {
            errors.Add("_aws metadata object is missing");
            return;
        }

        if (!aws.TryGetProperty("Timestamp", out var timestamp) || timestamp.ValueKind != JsonValueKind.Number || !timestamp.TryGetInt64(out var ms) || ms < 0)
        {
            errors.Add("_aws.Timestamp must be a non-negative integer of epoch milliseconds");
        }

        if (!aws.TryGetProperty("CloudWatchMetrics", out var directives) || directives.ValueKind != JsonValueKind.Array)
        {
            errors.Add("_aws.CloudWatchMetrics must be an array of metric directives");
            return;
        }

        var metricCount = 0;
        var metricNames = new HashSet<string>(StringComparer.Ordinal);
        var dimensionNames = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var directive in directives.EnumerateArray())
        {
            metricCount += ValidateDirective(root, directive, $"CloudWatchMetrics[{index++}]", metricNames, dimensionNames, errors);
        }

        if (metricCount > EmfLimits.MaxMetricsPerDocument)
        {
            errors.Add($"{metricCount} metrics in one document; the limit is {EmfLimits.MaxMetricsPerDocument}");
        }

        foreach (var name in metricNames.Intersect(dimensionNames))
        {
            errors.Add($"'{name}' is both a metric and a dimension");
        }
    }

    private static int ValidateDirective(JsonElement root, JsonElement directive, string where, HashSet<string> metricNames, HashSet<string> dimensionNames, List<string> errors)
    {
        if (directive.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{where} is not an object");
            return 0;
        }

        if (!directive.TryGetProperty("Namespace", out var ns) || ns.ValueKind != JsonValueKind.String || !IsValidName(ns.GetString()))
        {
            errors.Add($"{where}.Namespace must be a non-empty string of at most {EmfLimits.MaxNameLength} characters");
        }

        if (!directive.TryGetProperty("Dimensions", out var sets) || sets.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{where}.Dimensions must be an array of dimension sets");
        }
        else
        {
            var setIndex = 0;
            foreach (var set in sets.EnumerateArray())
            {
                var setWhere = $"{where}.Dimensions[{setIndex++}]";
                if (set.ValueKind != JsonValueKind.Array)
                {
                    errors.Add($"{setWhere} is not an array");
                    continue;
                }

                if (set.GetArrayLength() > EmfLimits.MaxDimensionsPerSet)
                {
                    errors.Add($"{setWhere} has {set.GetArrayLength()} dimensions; the limit is {EmfLimits.MaxDimensionsPerSet}");
                }

                foreach (var name in set.EnumerateArray())
                {
                    var dimension = name.ValueKind == JsonValueKind.String ? name.GetString()! : null;
                    if (dimension is null)
                    {
                        errors.Add($"{setWhere} holds a non-string dimension name");
                        continue;
                    }

                    dimensionNames.Add(dimension);
                    if (!root.TryGetProperty(dimension, out var value) || value.ValueKind != JsonValueKind.String)
                    {
                        errors.Add($"{setWhere}: dimension '{dimension}' has no string value at the root");
                    }
                    else if (string.IsNullOrWhiteSpace(value.GetString()))
                    {
                        errors.Add($"{setWhere}: dimension '{dimension}' has an empty value");
                    }
                }
            }
        }

        if (!directive.TryGetProperty("Metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{where}.Metrics must be an array of metric definitions");
            return 0;
        }

        foreach (var metric in metrics.EnumerateArray())
        {
            if (metric.ValueKind != JsonValueKind.Object || !metric.TryGetProperty("Name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String || !IsValidName(nameElement.GetString()))
            {
                errors.Add($"{where}.Metrics holds a definition without a valid Name");
                continue;
            }

            var name = nameElement.GetString()!;
            metricNames.Add(name);
            if (metric.TryGetProperty("Unit", out var unit) && (unit.ValueKind != JsonValueKind.String || !EmfLimits.Units.Contains(unit.GetString()!)))
            {
                errors.Add($"{where}: metric '{name}' has a unit CloudWatch does not accept: {unit}");
            }

            // (The validator this copies threw InvalidOperationException here on a non-number; both now report it.)
            if (metric.TryGetProperty("StorageResolution", out var resolution) && !(resolution.ValueKind == JsonValueKind.Number && resolution.TryGetInt32(out var r) && r is 1 or 60))
            {
                errors.Add($"{where}: metric '{name}' StorageResolution must be 1 or 60");
            }

            ValidateMetricValue(root, name, where, errors);
        }

        return metrics.GetArrayLength();
    }

    private static void ValidateMetricValue(JsonElement root, string name, string where, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            errors.Add($"{where}: metric '{name}' has no value at the root");
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            if (value.GetArrayLength() > EmfLimits.MaxValuesPerMetric || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
            {
                errors.Add($"{where}: metric '{name}' must be an array of at most {EmfLimits.MaxValuesPerMetric} numbers");
            }
        }
        else if (value.ValueKind != JsonValueKind.Number)
        {
            errors.Add($"{where}: metric '{name}' value is not a number");
        }
    }

    private static bool IsValidName(string? name) => !string.IsNullOrWhiteSpace(name) && name.Length <= EmfLimits.MaxNameLength;
}
