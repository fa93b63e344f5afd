using System.Buffers;
using System.Text.Json;

namespace BatchRuntimeMonitor.Core.Emf.Validation;

/// <summary>
/// The specification's rules, checked on what <see cref="EmfLineReader"/> collected. The walk, its early returns,
/// its order and its messages are those of the JsonDocument-based validator this replaced (kept as the reference
/// in tests/Core.Tests), so both report the same violations in the same order.
/// </summary>
internal static class EmfLineRules
{
    /// <summary>Above this many (metric name, dimension name) pairs, "is both a metric and a dimension" uses hash sets.</summary>
    private const int PairwiseLimit = 8192;

    private const int StackLimit = 256;

    private static readonly HashSet<string> UnitSet = new(EmfLimits.Units, StringComparer.Ordinal);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Units = UnitSet.GetAlternateLookup<ReadOnlySpan<char>>();

    public static void Check(ReadOnlySpan<byte> utf8, EmfLine line, ref List<string>? errors)
    {
        if (!line.RootIsObject)
        {
            Add(ref errors, "root is not an object");
            return;
        }

        MemberKeys.ThrowIfPoisoned(line.RootPoisoned, 0);
        if (line.AwsKind != JsonTokenType.StartObject)
        {
            Add(ref errors, "_aws metadata object is missing");
            return;
        }

        MemberKeys.ThrowIfPoisoned(line.MetadataPoisoned, 0);
        if (!line.TimestampIsValid)
        {
            Add(ref errors, "_aws.Timestamp must be a non-negative integer of epoch milliseconds");
        }

        MemberKeys.ThrowIfPoisoned(line.MetadataPoisoned, 1);
        if (line.DirectivesKind != JsonTokenType.StartArray)
        {
            Add(ref errors, "_aws.CloudWatchMetrics must be an array of metric directives");
            return;
        }

        var metricCount = 0;
        for (var i = 0; i < line.Directives.Count; i++)
        {
            metricCount += CheckDirective(utf8, line, i, ref errors);
        }

        if (metricCount > EmfLimits.MaxMetricsPerDocument)
        {
            Add(ref errors, $"{metricCount} metrics in one document; the limit is {EmfLimits.MaxMetricsPerDocument}");
        }

        CheckMetricsAreNotDimensions(utf8, line, ref errors);
    }

    /// <summary>Returns the number of items in the directive's Metrics (0 when it is not an array), as before.</summary>
    private static int CheckDirective(ReadOnlySpan<byte> utf8, EmfLine line, int index, ref List<string>? errors)
    {
        var directive = line.Directives[index];
        if (!directive.IsObject)
        {
            Add(ref errors, $"{Where(index)} is not an object");
            return 0;
        }

        MemberKeys.ThrowIfPoisoned(directive.Poisoned, 0);
        if (directive.NamespaceKind != JsonTokenType.String || !directive.Namespace.IsValidName(utf8))
        {
            Add(ref errors, $"{Where(index)}.Namespace must be a non-empty string of at most {EmfLimits.MaxNameLength} characters");
        }

        MemberKeys.ThrowIfPoisoned(directive.Poisoned, 1);
        if (directive.DimensionsKind != JsonTokenType.StartArray)
        {
            Add(ref errors, $"{Where(index)}.Dimensions must be an array of dimension sets");
        }
        else
        {
            for (var s = 0; s < directive.SetCount; s++)
            {
                CheckDimensionSet(utf8, line, index, s, line.DimensionSets[directive.FirstSet + s], ref errors);
            }
        }

        MemberKeys.ThrowIfPoisoned(directive.Poisoned, 2);
        if (directive.MetricsKind != JsonTokenType.StartArray)
        {
            Add(ref errors, $"{Where(index)}.Metrics must be an array of metric definitions");
            return 0;
        }

        for (var m = 0; m < directive.MetricCount; m++)
        {
            CheckMetric(utf8, line, index, line.Metrics[directive.FirstMetric + m], ref errors);
        }

        return directive.MetricCount;
    }

    private static void CheckDimensionSet(ReadOnlySpan<byte> utf8, EmfLine line, int directive, int index, DimensionSet set, ref List<string>? errors)
    {
        if (!set.IsArray)
        {
            Add(ref errors, $"{Where(directive, index)} is not an array");
            return;
        }

        if (set.NameCount > EmfLimits.MaxDimensionsPerSet)
        {
            Add(ref errors, $"{Where(directive, index)} has {set.NameCount} dimensions; the limit is {EmfLimits.MaxDimensionsPerSet}");
        }

        for (var n = 0; n < set.NameCount; n++)
        {
            var name = line.DimensionNames[set.FirstName + n];
            if (!name.IsString)
            {
                Add(ref errors, $"{Where(directive, index)} holds a non-string dimension name");
                continue;
            }

            name.Text.EnsureReadable(utf8);
            line.DimensionNamesSeen.Add(name.Text);
            var value = FindRootMember(utf8, line, name.Text);
            if (value < 0 || line.Root[value].Kind != JsonTokenType.String)
            {
                Add(ref errors, $"{Where(directive, index)}: dimension '{name.Text.GetString(utf8)}' has no string value at the root");
            }
            else if (line.Root[value].Text.IsEmptyOrWhiteSpace(utf8))
            {
                Add(ref errors, $"{Where(directive, index)}: dimension '{name.Text.GetString(utf8)}' has an empty value");
            }
        }
    }

    private static void CheckMetric(ReadOnlySpan<byte> utf8, EmfLine line, int directive, MetricDefinition metric, ref List<string>? errors)
    {
        if (metric.IsObject)
        {
            MemberKeys.ThrowIfPoisoned(metric.Poisoned, 0);
        }

        if (!metric.IsObject || metric.NameKind != JsonTokenType.String || !metric.Name.IsValidName(utf8))
        {
            Add(ref errors, $"{Where(directive)}.Metrics holds a definition without a valid Name");
            return;
        }

        line.MetricNamesSeen.Add(metric.Name);
        MemberKeys.ThrowIfPoisoned(metric.Poisoned, 1);
        if (metric.UnitKind != JsonTokenType.None && (metric.UnitKind != JsonTokenType.String || !metric.Unit.IsIn(Units, utf8)))
        {
            var unit = metric.UnitKind == JsonTokenType.String ? metric.Unit.GetString(utf8) : JsonText.RawValueToString(utf8, metric.UnitKind, metric.UnitRaw);
            Add(ref errors, $"{Where(directive)}: metric '{metric.Name.GetString(utf8)}' has a unit CloudWatch does not accept: {unit}");
        }

        MemberKeys.ThrowIfPoisoned(metric.Poisoned, 2);
        if (metric.ResolutionKind != JsonTokenType.None)
        {
            // A quoted or null resolution is as wrong as 5: reported, never thrown (the JsonDocument-based check
            // threw here, which would have stopped a replay on one bad line).
            if (!metric.ResolutionIs1Or60)
            {
                Add(ref errors, $"{Where(directive)}: metric '{metric.Name.GetString(utf8)}' StorageResolution must be 1 or 60");
            }
        }

        var value = FindRootMember(utf8, line, metric.Name);
        if (value < 0)
        {
            Add(ref errors, $"{Where(directive)}: metric '{metric.Name.GetString(utf8)}' has no value at the root");
            return;
        }

        var member = line.Root[value];
        if (member.Kind == JsonTokenType.StartArray)
        {
            if (member.ArrayLength > EmfLimits.MaxValuesPerMetric || !member.AllNumbers)
            {
                Add(ref errors, $"{Where(directive)}: metric '{metric.Name.GetString(utf8)}' must be an array of at most {EmfLimits.MaxValuesPerMetric} numbers");
            }
        }
        else if (member.Kind != JsonTokenType.Number)
        {
            Add(ref errors, $"{Where(directive)}: metric '{metric.Name.GetString(utf8)}' value is not a number");
        }
    }

    /// <summary>
    /// Each distinct metric name that is also a dimension name, in the order metric names first appeared (what
    /// HashSet.Intersect gave).
    /// </summary>
    private static void CheckMetricsAreNotDimensions(ReadOnlySpan<byte> utf8, EmfLine line, ref List<string>? errors)
    {
        var metrics = line.MetricNamesSeen;
        var dimensions = line.DimensionNamesSeen;
        if (metrics.Count == 0 || dimensions.Count == 0)
        {
            return;
        }

        if ((long)metrics.Count * dimensions.Count > PairwiseLimit)
        {
            // Far beyond any line we write (100 metrics under a few dimensions): pairs would cost more than strings.
            var dimensionSet = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < dimensions.Count; i++)
            {
                dimensionSet.Add(dimensions[i].GetString(utf8));
            }

            var reported = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < metrics.Count; i++)
            {
                var name = metrics[i].GetString(utf8);
                if (dimensionSet.Contains(name) && reported.Add(name))
                {
                    Add(ref errors, $"'{name}' is both a metric and a dimension");
                }
            }

            return;
        }

        for (var i = 0; i < metrics.Count; i++)
        {
            // Rarely a dimension, so that is asked first; a name repeated is reported at its first appearance only.
            if (IndexOf(utf8, dimensions, dimensions.Count, metrics[i]) < dimensions.Count && IndexOf(utf8, metrics, i, metrics[i]) == i)
            {
                Add(ref errors, $"'{metrics[i].GetString(utf8)}' is both a metric and a dimension");
            }
        }
    }

    /// <summary>The first of the first <paramref name="count"/> names equal to <paramref name="name"/>, or count.</summary>
    private static int IndexOf(ReadOnlySpan<byte> utf8, EmfList<JsonText> names, int count, JsonText name)
    {
        byte[]? rented = null;
        Span<byte> scratch = name.Length <= StackLimit ? stackalloc byte[name.Length] : (rented = ArrayPool<byte>.Shared.Rent(name.Length));
        var target = name.Unescaped(utf8, scratch);
        var index = 0;
        while (index < count && !Equal(utf8, names[index], target))
        {
            index++;
        }

        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return index;
    }

    /// <summary>Two names already read as strings: equal when their unescaped UTF-8 is.</summary>
    private static bool Equal(ReadOnlySpan<byte> utf8, JsonText name, ReadOnlySpan<byte> target)
    {
        if (!name.Escaped)
        {
            return name.Raw(utf8).SequenceEqual(target);
        }

        byte[]? rented = null;
        Span<byte> scratch = name.Length <= StackLimit ? stackalloc byte[name.Length] : (rented = ArrayPool<byte>.Shared.Rent(name.Length));
        var equal = name.Unescaped(utf8, scratch).SequenceEqual(target);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return equal;
    }

    /// <summary>The root member JsonElement.TryGetProperty found for this name: the last one with it; -1 if none.</summary>
    private static int FindRootMember(ReadOnlySpan<byte> utf8, EmfLine line, JsonText name)
    {
        byte[]? rented = null;
        Span<byte> scratch = name.Length <= StackLimit ? stackalloc byte[name.Length] : (rented = ArrayPool<byte>.Shared.Rent(name.Length));
        var target = name.Unescaped(utf8, scratch);
        var index = line.Root.Count - 1;
        while (index >= 0 && !line.Root[index].Name.NameEquals(utf8, target))
        {
            index--;
        }

        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return index;
    }

    private static string Where(int directive) => $"CloudWatchMetrics[{directive}]";

    private static string Where(int directive, int set) => $"CloudWatchMetrics[{directive}].Dimensions[{set}]";

    private static void Add(ref List<string>? errors, string error) => (errors ??= []).Add(error);
}
