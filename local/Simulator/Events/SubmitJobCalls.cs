using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>CloudTrail SubmitJob records: one per submitted job (plain jobs and array parents, never array children).</summary>
internal static class SubmitJobCalls
{
    public const string EventName = "SubmitJob";

    public static void Write(EventEmitter e, SimJob job, long second)
    {
        var w = CloudTrailEnvelope.Begin(e, "aws.batch", "batch.amazonaws.com", EventName, second, SubmitterCaller.Instance);
        w.WriteStartObject("requestParameters");
        w.WriteString("jobName", job.JobName);
        w.WriteString("jobQueue", job.Queue.Name);
        w.WriteString("jobDefinition", job.Definition.NameWithRevision);
        if (job.IsArrayParent)
        {
            w.WriteStartObject("arrayProperties");
            w.WriteNumber("size", job.ArraySize);
            w.WriteEndObject();
        }

        if (job.DependsOn.Count > 0)
        {
            w.WriteStartArray("dependsOn");
            foreach (var dependency in job.DependsOn)
            {
                w.WriteStartObject();
                if (dependency.JobId is not null)
                {
                    w.WriteString("jobId", dependency.JobId);
                }

                if (dependency.Type is not null)
                {
                    w.WriteString("type", dependency.Type);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteStartObject("responseElements");
        w.WriteString("jobArn", BatchJobEvents.JobArn(e, job.JobId));
        w.WriteString("jobName", job.JobName);
        w.WriteString("jobId", job.JobId);
        w.WriteEndObject();
        CloudTrailEnvelope.End(e, w, EventName, second * 1000);
    }
}
