using System.Text.Json;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Naming;

namespace BatchRuntimeMonitor.Core.Instances;

/// <summary>Reads instance observations out of the three event families that describe container instances.</summary>
public static class InstanceObservations
{
    /// <summary>
    /// An "ECS Container Instance State Change". ACTIVE registers (the first ACTIVE seen is the registration time);
    /// INACTIVE, DEREGISTERING and the like deregister. DRAINING says nothing about registration.
    /// </summary>
    /// <param name="time">The EventBridge event's time: when the state was seen, if the detail has no updatedAt.</param>
    public static InstanceObservation FromStateChange(EcsContainerInstanceDetail detail, DateTimeOffset? time)
    {
        var arn = detail.ContainerInstanceArn ?? throw new RecordRejectedException("container instance event has no containerInstanceArn");
        var eventMs = (detail.UpdatedAt ?? time)?.ToUnixTimeMilliseconds();
        var observation = Describe(arn, detail, detail.ClusterArn);
        return detail.Status switch
        {
            "ACTIVE" or "REGISTERING" => observation with { RegisteredAt = detail.RegisteredAt?.ToUnixTimeMilliseconds() ?? eventMs },
            "INACTIVE" or "DEREGISTERING" => observation with { RegisteredAt = detail.RegisteredAt?.ToUnixTimeMilliseconds(), DeregisteredAt = eventMs },
            _ => observation with { RegisteredAt = detail.RegisteredAt?.ToUnixTimeMilliseconds() },
        };
    }

    /// <summary>
    /// CloudTrail RegisterContainerInstance: the response carries the container instance; the request's
    /// instanceIdentityDocument (when CloudTrail did not redact it) adds instance type, AZ and architecture.
    /// </summary>
    public static InstanceObservation FromRegisterCall(EventBridgeEvent<CloudTrailRecord> @event) => FromRegisterCall(Call(@event));

    /// <inheritdoc cref="FromRegisterCall(EventBridgeEvent{CloudTrailRecord})"/>
    public static InstanceObservation FromRegisterCall(ContainerInstanceCallRecord call)
    {
        var record = call.Detail;
        var instance = record.ContainerInstance;
        var cluster = record.Cluster;
        var arn = instance?.ContainerInstanceArn
            ?? throw new RecordRejectedException("RegisterContainerInstance call has no responseElements.containerInstance.containerInstanceArn (failed or redacted call)");
        var observation = Describe(arn, instance, cluster);
        var identity = ReadIdentityDocument(record.InstanceIdentityDocument);
        return observation with
        {
            Ec2InstanceId = observation.Ec2InstanceId ?? identity?.InstanceId,
            InstanceType = observation.InstanceType ?? identity?.InstanceType,
            AvailabilityZone = observation.AvailabilityZone ?? identity?.AvailabilityZone,
            Architecture = observation.Architecture ?? InstanceArchitecture.Normalise(identity?.Architecture),
            AmiId = observation.AmiId ?? identity?.ImageId,
            RegisteredAt = (instance.RegisteredAt ?? record.EventTime ?? call.Time)?.ToUnixTimeMilliseconds(),
        };
    }

    /// <summary>CloudTrail DeregisterContainerInstance: the request names the instance by ARN or by id within a cluster.</summary>
    public static InstanceObservation FromDeregisterCall(EventBridgeEvent<CloudTrailRecord> @event) => FromDeregisterCall(Call(@event));

    /// <inheritdoc cref="FromDeregisterCall(EventBridgeEvent{CloudTrailRecord})"/>
    public static InstanceObservation FromDeregisterCall(ContainerInstanceCallRecord call)
    {
        var record = call.Detail;
        var instance = record.ContainerInstance;
        var cluster = record.Cluster;
        var arn = instance?.ContainerInstanceArn
            ?? ContainerInstanceArnFromRequest(record.RequestedContainerInstance, cluster, record.AwsRegion ?? call.Region, record.RecipientAccountId ?? call.Account)
            ?? throw new RecordRejectedException("DeregisterContainerInstance call names no container instance");
        var observation = instance is null ? new InstanceObservation(arn) { ClusterName = BatchNames.ClusterName(cluster) } : Describe(arn, instance, cluster);
        return observation with { DeregisteredAt = (record.EventTime ?? call.Time)?.ToUnixTimeMilliseconds() };
    }

    /// <summary>
    /// What the observations use of a typed CloudTrail call: the request's members as <see cref="JsonReading"/> reads
    /// them, the response's container instance as <see cref="ReadContainerInstance"/> reads it. The reference that
    /// <see cref="ContainerInstanceCallReader"/> is held to, and its fallback.
    /// </summary>
    public static ContainerInstanceCallRecord Call(EventBridgeEvent<CloudTrailRecord> @event)
    {
        var record = @event.Detail!;
        return new ContainerInstanceCallRecord(@event.Time, @event.Region, @event.Account, new ContainerInstanceCallDetail
        {
            EventTime = record.EventTime,
            AwsRegion = record.AwsRegion,
            RecipientAccountId = record.RecipientAccountId,
            Cluster = JsonReading.String(record.RequestParameters, "cluster"),
            RequestedContainerInstance = JsonReading.String(record.RequestParameters, "containerInstance"),
            InstanceIdentityDocument = JsonReading.String(record.RequestParameters, "instanceIdentityDocument"),
            ContainerInstance = ReadContainerInstance(record.ResponseElements),
        });
    }

    private static InstanceObservation Describe(string arn, EcsContainerInstanceDetail? detail, string? cluster)
    {
        string? type = null, zone = null, architecture = null, ami = null;
        foreach (var attribute in detail?.Attributes ?? [])
        {
            switch (attribute.Name)
            {
                case "ecs.instance-type": type = attribute.Value; break;
                case "ecs.availability-zone": zone = attribute.Value; break;
                case "ecs.cpu-architecture": architecture = InstanceArchitecture.Normalise(attribute.Value); break;
                case "ecs.ami-id": ami = attribute.Value; break;
            }
        }

        double? vcpus = null;
        long? memory = null;
        foreach (var resource in detail?.RegisteredResources ?? [])
        {
            // ECS registers CPU in units of 1/1024 vCPU.
            if (resource.Name == "CPU" && resource.IntegerValue is { } cpu)
            {
                vcpus = cpu / 1024.0;
            }
            else if (resource.Name == "MEMORY" && resource.IntegerValue is { } mib)
            {
                memory = mib;
            }
        }

        return new InstanceObservation(arn)
        {
            Ec2InstanceId = detail?.Ec2InstanceId,
            InstanceType = type,
            AvailabilityZone = zone,
            Architecture = architecture,
            AmiId = ami,
            ClusterName = BatchNames.ClusterName(detail?.ClusterArn ?? cluster) ?? BatchNames.ClusterFromResourceArn(arn),
            RegisteredVcpus = vcpus,
            RegisteredMemoryMiB = memory,
        };
    }

    private static EcsContainerInstanceDetail? ReadContainerInstance(JsonElement responseElements)
    {
        if (responseElements.ValueKind != JsonValueKind.Object || !responseElements.TryGetProperty("containerInstance", out var instance) || instance.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return instance.Deserialize(CoreJsonContext.Default.EcsContainerInstanceDetail);
        }
        catch (JsonException)
        {
            // CloudTrail does not promise ISO dates in responseElements (epoch seconds, "Dec 6, 2016 4:41:06 PM", or
            // redacted): read the instance without its dates; the registration time then comes from eventTime.
            var withoutDates = System.Text.Json.Nodes.JsonNode.Parse(instance.GetRawText())!.AsObject();
            withoutDates.Remove("registeredAt");
            withoutDates.Remove("updatedAt");
            return withoutDates.Deserialize(CoreJsonContext.Default.EcsContainerInstanceDetail);
        }
    }

    private static InstanceIdentityDocument? ReadIdentityDocument(string? text)
    {
        if (string.IsNullOrEmpty(text) || text[0] != '{')
        {
            return null; // absent or redacted ("HIDDEN_DUE_TO_SECURITY_REASONS")
        }

        try
        {
            return JsonSerializer.Deserialize(text, CoreJsonContext.Default.InstanceIdentityDocument);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ContainerInstanceArnFromRequest(string? containerInstance, string? cluster, string? region, string? account)
    {
        if (string.IsNullOrEmpty(containerInstance))
        {
            return null;
        }

        if (containerInstance.StartsWith("arn:", StringComparison.Ordinal))
        {
            return containerInstance;
        }

        var clusterName = BatchNames.ClusterName(cluster);
        return clusterName is null || region is null || account is null
            ? null
            : $"arn:aws:ecs:{region}:{account}:container-instance/{clusterName}/{containerInstance}";
    }
}
