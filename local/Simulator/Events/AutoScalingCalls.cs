namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// CloudTrail CreateAutoScalingGroup made by Batch the first time an EC2 compute environment scales out: a
/// mixed-instances group over a "Batch-lt-" launch template. The group name pattern is an assumption (README).
/// </summary>
internal static class AutoScalingCalls
{
    public const string EventName = "CreateAutoScalingGroup";

    public static string GroupName(ComputeEnvironmentState environment, IdFactory ids) => $"{environment.Spec.Name}-asg-{ids.Uuid()}";

    public static void Write(EventEmitter e, ComputeEnvironmentState environment, string groupName, long second)
    {
        var spec = environment.Spec;
        var w = CloudTrailEnvelope.Begin(e, "aws.autoscaling", "autoscaling.amazonaws.com", EventName, second, BatchServiceCaller.Instance);
        w.WriteStartObject("requestParameters");
        w.WriteString("autoScalingGroupName", groupName);
        w.WriteStartObject("mixedInstancesPolicy");
        w.WriteStartObject("launchTemplate");
        w.WriteStartObject("launchTemplateSpecification");
        w.WriteString("launchTemplateName", $"Batch-lt-{e.Ids.Uuid()}");
        w.WriteString("version", "$Latest");
        w.WriteEndObject();
        w.WriteStartArray("overrides");
        foreach (var type in spec.InstanceTypes)
        {
            w.WriteStartObject();
            w.WriteString("instanceType", type.Name);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("instancesDistribution");
        w.WriteNumber("onDemandBaseCapacity", 0);
        w.WriteNumber("onDemandPercentageAboveBaseCapacity", spec.IsSpot ? 0 : 100);
        w.WriteString("spotAllocationStrategy", "price-capacity-optimized");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteNumber("minSize", 0);
        w.WriteNumber("maxSize", spec.MaxInstances);
        w.WriteNumber("desiredCapacity", 0);
        w.WriteString("vPCZoneIdentifier", string.Join(',', DayTopology.AvailabilityZones.Select(EcsTaskEvents.SubnetOf)));
        w.WriteBoolean("newInstancesProtectedFromScaleIn", true);
        w.WriteStartArray("tags");
        WriteTag(w, "AWSBatchServiceTag", spec.Name);
        WriteTag(w, "Name", "AWS Batch Automation");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteNull("responseElements");
        CloudTrailEnvelope.End(e, w, EventName, second * 1000);
    }

    private static void WriteTag(System.Text.Json.Utf8JsonWriter w, string key, string value)
    {
        w.WriteStartObject();
        w.WriteString("key", key);
        w.WriteString("value", value);
        w.WriteBoolean("propagateAtLaunch", true);
        w.WriteEndObject();
    }
}
