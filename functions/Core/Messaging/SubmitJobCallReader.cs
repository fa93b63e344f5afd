using System.Text.Json;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Jobs;
using static BatchRuntimeMonitor.Core.Messaging.EventRecordReading;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// Reads a CloudTrail SubmitJob call record (SubmitJobCall) with one forward pass of a <see cref="Utf8JsonReader"/>,
/// keeping what <see cref="JobObservations.FromSubmitJobCall"/> uses: the call's time (the event's as fallback) and
/// error code, the job's id and name from the response, and its name, queue, definition, array size and
/// dependencies from the request.
/// </summary>
/// <remarks>
/// The contract of <see cref="RunTaskCallReader"/>: the call's own members are typed (a wrong type rejects the record
/// by its path), the request and response are read as <see cref="JsonReading"/> reads them (another type or
/// missing reads as absent; of a member given twice the last counts). An array size that is not a number reads as
/// absent too: the typed read's JsonElement threw on it, failing the record without a reason of its own.
/// </remarks>
public static class SubmitJobCallReader
{
    public static SubmitJobCallRecord Read(PipelineMessage message)
    {
        var (time, _, detail, _) = EventRecordReading.Read(message, ReadDetail);
        return new SubmitJobCallRecord(time, detail);
    }

    private static SubmitJobCallDetail? ReadDetail(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "detail"))
        {
            return null;
        }

        var detail = new SubmitJobCallDetail();
        Span<byte> scratch = stackalloc byte[MemberNameScratch];
        while (NextProperty(ref reader))
        {
            var name = MemberName(in reader, scratch);
            switch (name.Length)
            {
                case 9 when name.SequenceEqual("eventTime"u8):
                    detail.EventTime = DateValue(ref reader, "detail", ".eventTime");
                    break;
                case 9 when name.SequenceEqual("errorCode"u8):
                    detail.ErrorCode = StringValue(ref reader, "detail", ".errorCode");
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

    private static void ReadRequest(ref Utf8JsonReader reader, SubmitJobCallDetail detail)
    {
        // A later requestParameters replaces an earlier one whole.
        detail.RequestJobName = null;
        detail.JobQueue = null;
        detail.JobDefinition = null;
        detail.ArraySize = null;
        detail.DependsOn = [];
        if (!LooseStart(ref reader, JsonTokenType.StartObject))
        {
            return;
        }

        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("jobName"u8))
            {
                detail.RequestJobName = LooseString(ref reader);
            }
            else if (reader.ValueTextEquals("jobQueue"u8))
            {
                detail.JobQueue = LooseString(ref reader);
            }
            else if (reader.ValueTextEquals("jobDefinition"u8))
            {
                detail.JobDefinition = LooseString(ref reader);
            }
            else if (reader.ValueTextEquals("arrayProperties"u8))
            {
                detail.ArraySize = ArraySize(ref reader);
            }
            else if (reader.ValueTextEquals("dependsOn"u8))
            {
                detail.DependsOn = Dependencies(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private static int? ArraySize(ref Utf8JsonReader reader)
    {
        if (!LooseStart(ref reader, JsonTokenType.StartObject))
        {
            return null;
        }

        int? size = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("size"u8))
            {
                reader.Read();
                size = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number) ? number : null;
                reader.Skip();
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return size;
    }

    private static IReadOnlyList<JobDependency> Dependencies(ref Utf8JsonReader reader)
    {
        if (!LooseStart(ref reader, JsonTokenType.StartArray))
        {
            return [];
        }

        List<JobDependency>? dependencies = null;
        while (NextItem(ref reader))
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip(); // names no job
                continue;
            }

            string? jobId = null, type = null;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("jobId"u8))
                {
                    jobId = LooseString(ref reader);
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    type = LooseString(ref reader);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            if (jobId is not null)
            {
                (dependencies ??= []).Add(new JobDependency(jobId, type));
            }
        }

        return dependencies ?? (IReadOnlyList<JobDependency>)[];
    }

    private static void ReadResponse(ref Utf8JsonReader reader, SubmitJobCallDetail detail)
    {
        detail.JobId = null;
        detail.ResponseJobName = null;
        if (!LooseStart(ref reader, JsonTokenType.StartObject))
        {
            return;
        }

        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("jobId"u8))
            {
                detail.JobId = LooseString(ref reader);
            }
            else if (reader.ValueTextEquals("jobName"u8))
            {
                detail.ResponseJobName = LooseString(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }
}
