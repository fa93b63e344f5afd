using System.Text.Json;

namespace BatchRuntimeMonitor.Core.Emf.Validation;

/// <summary>
/// The one forward pass over an EMF line: reads every token once with a <see cref="Utf8JsonReader"/> and records in
/// an <see cref="EmfLine"/> what the rules need; everything else is skipped.
/// </summary>
/// <remarks>
/// The whole line is read even when its root is not an object, and the reader is asked for one more token after
/// the root value, because the JsonDocument-based validator parsed the whole line first: any malformed JSON is a
/// <see cref="JsonException"/> from the same reader, at the same byte, with the same message. The reader's
/// options are the defaults, as they were (no comments, no trailing commas, depth at most 64).
/// </remarks>
internal static class EmfLineReader
{
    public static void Read(ReadOnlySpan<byte> utf8Line, EmfLine line)
    {
        var reader = new Utf8JsonReader(utf8Line);
        reader.Read(); // throws on an empty line, as JsonDocument did
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            line.RootIsObject = true;
            ReadRoot(ref reader, line);
        }
        else
        {
            reader.Skip();
        }

        reader.Read(); // throws when anything but white space follows the root value
    }

    private static void ReadRoot(ref Utf8JsonReader reader, EmfLine line)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = JsonText.At(ref reader);
            var rootPoisoned = line.RootPoisoned;
            var isMetadata = MemberKeys.Match(ref reader, "_aws"u8, default, default, 1, ref rootPoisoned) == 0;
            line.RootPoisoned = rootPoisoned;
            reader.Read();
            var member = new RootMember(name, reader.TokenType, default, 0, false);
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    member.Text = JsonText.At(ref reader);
                    break;
                case JsonTokenType.StartArray:
                    ReadValues(ref reader, ref member);
                    break;
                case JsonTokenType.StartObject when isMetadata:
                    line.ClearMetadata();
                    line.AwsKind = JsonTokenType.StartObject;
                    ReadMetadata(ref reader, line);
                    break;
                default:
                    reader.Skip();
                    break;
            }

            if (isMetadata && member.Kind != JsonTokenType.StartObject)
            {
                line.ClearMetadata();
                line.AwsKind = member.Kind;
            }

            line.Root.Add(member);
        }
    }

    /// <summary>A root array: a metric's values when some metric has this name; only the count and kinds matter.</summary>
    private static void ReadValues(ref Utf8JsonReader reader, ref RootMember member)
    {
        member.AllNumbers = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            member.ArrayLength++;
            if (reader.TokenType != JsonTokenType.Number)
            {
                member.AllNumbers = false;
                reader.Skip(); // a nested array or object is skipped whole; a primitive stays where it is
            }
        }
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, EmfLine line)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var poisoned = line.MetadataPoisoned;
            var key = MemberKeys.Match(ref reader, "Timestamp"u8, "CloudWatchMetrics"u8, default, 2, ref poisoned);
            line.MetadataPoisoned = poisoned;
            if (key == 0)
            {
                reader.Read();
                line.TimestampIsValid = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms) && ms >= 0;
                reader.Skip();
            }
            else if (key == 1)
            {
                reader.Read();
                line.ClearDirectives();
                line.DirectivesKind = reader.TokenType;
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadDirectives(ref reader, line);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadDirectives(ref Utf8JsonReader reader, EmfLine line)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var index = line.Directives.Add();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                line.Directives[index].IsObject = true;
                ReadDirective(ref reader, line, index);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadDirective(ref Utf8JsonReader reader, EmfLine line, int index)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var poisoned = line.Directives[index].Poisoned;
            var key = MemberKeys.Match(ref reader, "Namespace"u8, "Dimensions"u8, "Metrics"u8, 3, ref poisoned);
            line.Directives[index].Poisoned = poisoned;
            if (key == 0)
            {
                reader.Read();
                ref var directive = ref line.Directives[index];
                directive.NamespaceKind = reader.TokenType;
                directive.Namespace = reader.TokenType == JsonTokenType.String ? JsonText.At(ref reader) : default;
                reader.Skip();
            }
            else if (key == 1)
            {
                reader.Read();
                var kind = reader.TokenType;
                var first = line.DimensionSets.Count;
                if (kind == JsonTokenType.StartArray)
                {
                    ReadDimensionSets(ref reader, line);
                }
                else
                {
                    reader.Skip();
                }

                ref var directive = ref line.Directives[index];
                directive.DimensionsKind = kind;
                directive.FirstSet = first;
                directive.SetCount = line.DimensionSets.Count - first;
            }
            else if (key == 2)
            {
                reader.Read();
                var kind = reader.TokenType;
                var first = line.Metrics.Count;
                if (kind == JsonTokenType.StartArray)
                {
                    ReadMetricDefinitions(ref reader, line);
                }
                else
                {
                    reader.Skip();
                }

                ref var directive = ref line.Directives[index];
                directive.MetricsKind = kind;
                directive.FirstMetric = first;
                directive.MetricCount = line.Metrics.Count - first;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadDimensionSets(ref Utf8JsonReader reader, EmfLine line)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var set = line.DimensionSets.Add();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            var first = line.DimensionNames.Count;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var isString = reader.TokenType == JsonTokenType.String;
                line.DimensionNames.Add(new DimensionName(isString, isString ? JsonText.At(ref reader) : default));
                reader.Skip();
            }

            line.DimensionSets[set] = new DimensionSet(true, first, line.DimensionNames.Count - first);
        }
    }

    private static void ReadMetricDefinitions(ref Utf8JsonReader reader, EmfLine line)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var index = line.Metrics.Add();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            ref var metric = ref line.Metrics[index]; // safe: nothing is added to Metrics while this object is read
            metric.IsObject = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var poisoned = metric.Poisoned;
                var key = MemberKeys.Match(ref reader, "Name"u8, "Unit"u8, "StorageResolution"u8, 3, ref poisoned);
                metric.Poisoned = poisoned;
                if (key == 0)
                {
                    reader.Read();
                    metric.NameKind = reader.TokenType;
                    metric.Name = reader.TokenType == JsonTokenType.String ? JsonText.At(ref reader) : default;
                    reader.Skip();
                }
                else if (key == 1)
                {
                    reader.Read();
                    metric.UnitKind = reader.TokenType;
                    metric.Unit = reader.TokenType == JsonTokenType.String ? JsonText.At(ref reader) : default;
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    metric.UnitRaw = start..(int)reader.BytesConsumed;
                }
                else if (key == 2)
                {
                    reader.Read();
                    metric.ResolutionKind = reader.TokenType;
                    metric.ResolutionIs1Or60 = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var r) && r is 1 or 60;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }
}
