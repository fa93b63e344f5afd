using System.Text.Json;
using System.Text.RegularExpressions;
using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Metrics;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.Core;

/// <summary>
/// The AsgMonitoring function's core: the state machine already enabled group metrics on an Auto Scaling group
/// Batch created; this records the outcome once per group (a metric when enabled, an error line when not).
/// </summary>
public sealed partial class AsgEventsProcessor(MonitorStores stores, IMonitorOutput output, MonitorOptions options, TextWriter errors) : IRecordProcessor
{
    public async ValueTask ProcessAsync(PipelineMessage message, CancellationToken cancellationToken)
    {
        if (message.Kind != RecordKind.AsgCreated)
        {
            throw new RecordRejectedException($"kind {message.Kind} is not an ASG event (AsgMonitoring takes AsgCreated)");
        }

        var record = message.Read(PipelineJsonContext.Default.PipelineRecordCloudTrailRecord);
        var call = record.Event!;
        var group = JsonReading.String(call.Detail!.RequestParameters, "autoScalingGroupName")
            ?? throw new RecordRejectedException("CreateAutoScalingGroup call has no requestParameters.autoScalingGroupName");
        var outcome = record.MetricsCollection ?? throw new RecordRejectedException("AsgCreated record has no metricsCollection outcome");
        if (!outcome.Enabled)
        {
            await errors.WriteLineAsync($"metrics collection could not be enabled on Auto Scaling group {group}: {outcome.Error}").ConfigureAwait(false);
            return;
        }

        var at = (call.Detail.EventTime ?? call.Time ?? throw new RecordRejectedException("CreateAutoScalingGroup call has no eventTime")).ToUnixTimeMilliseconds();
        if (!await EventMarker.FirstTimeAsync(stores.Markers, "asg#" + group, null, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var definition = MetricCatalog.Get(MetricCatalog.AsgMetricsEnabled);
        foreach (var document in new EmfDocumentBuilder(options.MetricsNamespace, at)
            .Dimension(Dimension.ComputeEnvironment, ComputeEnvironmentOf(call.Detail.RequestParameters, group))
            .Property("AutoScalingGroupName", group)
            .Metric(definition.Name, definition.Unit, 1, definition.DimensionSets)
            .Build())
        {
            output.WriteMetrics(document);
        }
    }

    /// <summary>
    /// Batch tags the groups of a managed compute environment with AWSBatchServiceTag = the environment's name and
    /// names them "&lt;ce&gt;-asg-&lt;uuid&gt;"; the tag is read first, the name pattern is the fallback.
    /// </summary>
    private static string? ComputeEnvironmentOf(JsonElement request, string group)
    {
        if (request.ValueKind == JsonValueKind.Object && request.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in tags.EnumerateArray())
            {
                if (JsonReading.String(tag, "key") is "AWSBatchServiceTag" or "aws:batch:compute-environment")
                {
                    return Naming.BatchNames.NameFromArn(JsonReading.String(tag, "value"));
                }
            }
        }

        var match = BatchGroupName().Match(group);
        return match.Success ? match.Groups["ce"].Value : null;
    }

    [GeneratedRegex("^(?<ce>.+)-asg-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex BatchGroupName();
}
