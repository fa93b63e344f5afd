using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Metrics;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.Core;

/// <summary>
/// The InstanceRegistration function's core: keeps the instance registry (the table the state machines join on),
/// counts each container instance's registration and deregistration once, and attributes the jobs that ran on an
/// instance before it was known (<see cref="LateAttribution"/>).
/// </summary>
public sealed class InstanceRegistrationProcessor(MonitorStores stores, IMonitorOutput output, MonitorOptions options, TextWriter errors) : IRecordProcessor
{
    private readonly LateAttribution _attribution = new(stores, output, options, errors);

    public async ValueTask ProcessAsync(PipelineMessage message, CancellationToken cancellationToken)
    {
        var observation = Observe(message);
        var documents = new List<EmfDocument>();
        var instance = await RecordUpdater.UpdateAsync(
            stores.Instances,
            observation.ContainerInstanceArn,
            current =>
            {
                documents.Clear();
                var merged = InstanceRegistry.Merge(current, observation);
                var lastSeen = Math.Max(merged.RegisteredAt ?? 0, merged.DeregisteredAt ?? 0);
                merged.ExpiresAt = MonitorOptions.ExpiresAt(lastSeen, options.InstanceTtlDays);
                if (merged.RegisteredAt is { } registeredAt && Count(merged, MetricCatalog.RegisterContainerInstance, registeredAt) is { Count: > 0 } registered)
                {
                    merged.RegistrationCounted = true;
                    documents.AddRange(registered);
                }

                if (merged.DeregisteredAt is { } deregisteredAt && Count(merged, MetricCatalog.DeregisterContainerInstance, deregisteredAt) is { Count: > 0 } deregistered)
                {
                    merged.DeregistrationCounted = true;
                    documents.AddRange(deregistered);
                }

                return merged;
            },
            cancellationToken).ConfigureAwait(false);

        foreach (var document in documents)
        {
            output.WriteMetrics(document);
        }

        // After the registration is stored: from then on no job id is added, so the list can only shrink.
        await _attribution.ReleaseAsync(instance, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What a message says of its container instance, and so the one registry record its processing writes (keyed
    /// by <see cref="InstanceObservation.ContainerInstanceArn"/>); a message it rejects writes nothing.
    /// </summary>
    public static InstanceObservation Observe(PipelineMessage message) => message.Kind switch
    {
        RecordKind.ContainerInstanceStateChange => StateChange(ContainerInstanceEventReader.Read(message)),
        RecordKind.RegisterContainerInstanceCall => InstanceObservations.FromRegisterCall(ReadCall(message)),
        RecordKind.DeregisterContainerInstanceCall => InstanceObservations.FromDeregisterCall(ReadCall(message)),
        _ => throw new RecordRejectedException($"kind {message.Kind} is not an instance event (InstanceRegistration takes ContainerInstanceStateChange, RegisterContainerInstanceCall, DeregisterContainerInstanceCall)"),
    };

    /// <summary>
    /// The call read by hand in one pass; the typed read when the hand read does not vouch for the returned container
    /// instance (a member of another type, a date to retry without: see <see cref="ContainerInstanceCallReader"/>).
    /// </summary>
    private static ContainerInstanceCallRecord ReadCall(PipelineMessage message) =>
        ContainerInstanceCallReader.Read(message) ?? InstanceObservations.Call(message.Read(PipelineJsonContext.Default.PipelineRecordCloudTrailRecord).Event!);

    private static InstanceObservation StateChange(ContainerInstanceEventRecord record) => InstanceObservations.FromStateChange(record.Detail, record.Time);

    /// <summary>Counts the observation in each dimension set that is known now and was not counted in before (<see cref="InstanceRecord.CountedSets"/>).</summary>
    private IReadOnlyList<EmfDocument> Count(InstanceRecord instance, string metricName, long at)
    {
        var definition = MetricCatalog.Get(metricName);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [Dimension.AvailabilityZone] = instance.AvailabilityZone,
            [Dimension.InstanceType] = instance.InstanceType,
            [Dimension.EcsCluster] = instance.ClusterName,
        };
        var sets = definition.DimensionSets
            .Where(set => set.All(name => !string.IsNullOrEmpty(values.GetValueOrDefault(name))) && instance.CountedSets.Add(metricName + "|" + string.Join(',', set)))
            .ToList();
        if (sets.Count == 0)
        {
            return [];
        }

        return new EmfDocumentBuilder(options.MetricsNamespace, at)
            .Dimension(Dimension.AvailabilityZone, instance.AvailabilityZone)
            .Dimension(Dimension.InstanceType, instance.InstanceType)
            .Dimension(Dimension.EcsCluster, instance.ClusterName)
            .Property("InstanceId", instance.Ec2InstanceId)
            .Property("ComputeEnvironment", instance.ComputeEnvironment)
            .Metric(definition.Name, definition.Unit, 1, sets)
            .Build();
    }
}
