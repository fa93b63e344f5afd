using System.Text.Json;
using BatchRuntimeMonitor.Core.Events;
using static BatchRuntimeMonitor.Core.Messaging.EventRecordReading;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// Reads a CloudTrail RunTask call record (RunTaskCall) with one forward pass of a <see cref="Utf8JsonReader"/>,
/// keeping what the RunTaskCalls function uses: the call's id and time (the event's as fallbacks), the cluster and
/// tags it was asked to run on, and the reasons of the placement failures in the response. The typed read kept
/// the request and response as parsed JSON documents, copied out of every body (docs/performance.md).
/// </summary>
/// <remarks>
/// The envelope and the call's own members follow the contract of <see cref="BatchJobEventReader"/> (a read member
/// of the wrong type rejects the record by its path; others are skipped unread). The request and response are read
/// as <see cref="JsonReading"/> read them: a member of another type than expected, or missing, reads as absent, and
/// of a member given twice the last counts, as JsonElement's property lookup takes the last.
/// </remarks>
public static class RunTaskCallReader
{
    public static RunTaskCallRecord Read(PipelineMessage message)
    {
        var (time, id, detail, _) = EventRecordReading.Read(message, ReadDetail, readId: true);
        return new RunTaskCallRecord(time, id, detail);
    }

    private static RunTaskCallDetail? ReadDetail(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "detail"))
        {
            return null;
        }

        var detail = new RunTaskCallDetail();
        Span<byte> scratch = stackalloc byte[MemberNameScratch];
        while (NextProperty(ref reader))
        {
            var name = MemberName(in reader, scratch);
            switch (name.Length)
            {
                case 7 when name.SequenceEqual("eventID"u8):
                    detail.EventId = StringValue(ref reader, "detail", ".eventID");
                    break;
                case 9 when name.SequenceEqual("eventTime"u8):
                    detail.EventTime = DateValue(ref reader, "detail", ".eventTime");
                    break;
                case 17 when name.SequenceEqual("requestParameters"u8):
                    ReadRequest(ref reader, detail);
                    break;
                case 16 when name.SequenceEqual("responseElements"u8):
                    ReadResponse(ref reader, detail);
                    break;
                default:
                    SkipValue(ref reader);
                    break;
            }
        }

        return detail;
    }

    private static void ReadRequest(ref Utf8JsonReader reader, RunTaskCallDetail detail)
    {
        // A later requestParameters replaces an earlier one whole.
        detail.Cluster = null;
        detail.Tags = [];
        if (!LooseStart(ref reader, JsonTokenType.StartObject))
        {
            return;
        }

        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("cluster"u8))
            {
                detail.Cluster = LooseString(ref reader);
            }
            else if (reader.ValueTextEquals("tags"u8))
            {
                detail.Tags = Tags(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private static IReadOnlyList<NameValue> Tags(ref Utf8JsonReader reader)
    {
        if (!LooseStart(ref reader, JsonTokenType.StartArray))
        {
            return [];
        }

        // Collected in the per-thread scratch list and returned as an exact-size array (ItemScratch).
        var tags = ItemScratch<NameValue>.List;
        var start = tags.Count;
        try
        {
            ReadTags(ref reader, tags);
            return ItemScratch<NameValue>.ToArray(tags, start);
        }
        finally
        {
            ItemScratch<NameValue>.Release(tags, start);
        }
    }

    private static void ReadTags(ref Utf8JsonReader reader, List<NameValue> tags)
    {
        while (NextItem(ref reader))
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip(); // names no key: no tag the function looks for
                continue;
            }

            var tag = new NameValue();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("key"u8))
                {
                    tag.Name = LooseString(ref reader);
                }
                else if (reader.ValueTextEquals("value"u8))
                {
                    tag.Value = LooseString(ref reader);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            tags.Add(tag);
        }
    }

    private static void ReadResponse(ref Utf8JsonReader reader, RunTaskCallDetail detail)
    {
        detail.FailureReasons = [];
        if (!LooseStart(ref reader, JsonTokenType.StartObject))
        {
            return;
        }

        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("failures"u8))
            {
                detail.FailureReasons = FailureReasons(ref reader);
            }
            else
            {
                SkipValue(ref reader); // the tasks started: the ECS task events tell where each one ran
            }
        }
    }

    private static IReadOnlyList<string?> FailureReasons(ref Utf8JsonReader reader)
    {
        if (!LooseStart(ref reader, JsonTokenType.StartArray))
        {
            return [];
        }

        var reasons = ItemScratch<string?>.List;
        var start = reasons.Count;
        try
        {
            ReadFailureReasons(ref reader, reasons);
            return ItemScratch<string?>.ToArray(reasons, start);
        }
        finally
        {
            ItemScratch<string?>.Release(reasons, start);
        }
    }

    private static void ReadFailureReasons(ref Utf8JsonReader reader, List<string?> reasons)
    {
        while (NextItem(ref reader))
        {
            string? reason = null;
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("reason"u8))
                    {
                        reason = LooseString(ref reader);
                    }
                    else
                    {
                        SkipValue(ref reader);
                    }
                }
            }
            else
            {
                reader.Skip(); // a failure all the same, of unknown reason
            }

            reasons.Add(reason);
        }
    }
}
