using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// "ECS Container Instance State Change" events (ACTIVE on registration, DRAINING then INACTIVE on scale-down) in
/// the documented shape (shared/events/ecs-container-instance) with the ecs.* attributes current agents report.
/// </summary>
internal static class ContainerInstanceEvents
{
    public const string DetailType = "ECS Container Instance State Change";

    public static void Write(EventEmitter e, SimInstance instance, string status, long second)
    {
        instance.Version++;
        var w = e.BeginEnvelope(DetailType, "aws.ecs", second, instance.ContainerInstanceArn);
        WriteContainerInstanceBody(w, instance, status, instance.Version, AwsTime.Milliseconds(second * 1000 + 212));
        e.EndEnvelope(w, EventFile.Ecs, DetailType, second * 1000);
    }

    /// <summary>
    /// The container instance object; shared with the CloudTrail responseElements.containerInstance, which
    /// carries the same fields (registeredAt instead of updatedAt there).
    /// </summary>
    public static void WriteContainerInstanceBody(Utf8JsonWriter w, SimInstance instance, string status, int version, string? updatedAt)
    {
        var active = status != "INACTIVE";
        w.WriteBoolean("agentConnected", active);
        WriteAttributes(w, instance);
        w.WriteString("clusterArn", instance.Environment.ClusterArn);
        w.WriteString("containerInstanceArn", instance.ContainerInstanceArn);
        w.WriteString("ec2InstanceId", instance.Ec2InstanceId);
        w.WriteNumber("pendingTasksCount", 0);
        w.WriteStartArray("registeredResources");
        WriteResources(w, instance.Type.Vcpus * 1024, instance.Type.RegisteredMemoryMiB);
        w.WriteEndArray();
        w.WriteStartArray("remainingResources");
        WriteResources(w, instance.FreeVcpus * 1024, instance.FreeMemoryMiB);
        w.WriteEndArray();
        w.WriteNumber("runningTasksCount", instance.RunningTasks);
        w.WriteString("status", status);
        w.WriteNumber("version", version);
        w.WriteStartObject("versionInfo");
        w.WriteString("agentHash", "f4ac5fba");
        w.WriteString("agentVersion", "1.89.2");
        w.WriteString("dockerVersion", "DockerVersion: 25.0.8");
        w.WriteEndObject();
        if (updatedAt is not null)
        {
            w.WriteString("updatedAt", updatedAt);
        }
    }

    public static void WriteAttributes(Utf8JsonWriter w, SimInstance instance)
    {
        w.WriteStartArray("attributes");
        foreach (var capability in Capabilities)
        {
            w.WriteStartObject();
            w.WriteString("name", capability);
            w.WriteEndObject();
        }

        WriteAttribute(w, "ecs.capability.execution-role-awslogs", null);
        WriteAttribute(w, "ecs.ami-id", instance.Type.AmiId);
        WriteAttribute(w, "ecs.availability-zone", instance.AvailabilityZone);
        WriteAttribute(w, "ecs.cpu-architecture", instance.Type.Architecture);
        WriteAttribute(w, "ecs.instance-type", instance.Type.Name);
        WriteAttribute(w, "ecs.os-family", "LINUX");
        WriteAttribute(w, "ecs.os-type", "linux");
        WriteAttribute(w, "ecs.subnet-id", EcsTaskEvents.SubnetOf(instance.AvailabilityZone));
        WriteAttribute(w, "ecs.vpc-id", "vpc-0c0ffee0c0ffee001");
        w.WriteEndArray();
    }

    private static readonly string[] Capabilities =
    [
        "com.amazonaws.ecs.capability.logging-driver.awslogs",
        "com.amazonaws.ecs.capability.logging-driver.json-file",
        "com.amazonaws.ecs.capability.docker-remote-api.1.44",
        "com.amazonaws.ecs.capability.ecr-auth",
        "com.amazonaws.ecs.capability.task-iam-role",
        "com.amazonaws.ecs.capability.task-iam-role-network-host",
        "com.amazonaws.ecs.capability.privileged-container",
    ];

    private static void WriteAttribute(Utf8JsonWriter w, string name, string? value)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        if (value is not null)
        {
            w.WriteString("value", value);
        }

        w.WriteEndObject();
    }

    private static void WriteResources(Utf8JsonWriter w, int cpu, int memory)
    {
        WriteInteger(w, "CPU", cpu);
        WriteInteger(w, "MEMORY", memory);
        w.WriteStartObject();
        w.WriteString("name", "PORTS");
        w.WriteString("type", "STRINGSET");
        w.WriteStartArray("stringSetValue");
        foreach (var port in new[] { "22", "2375", "2376", "51678", "51679" })
        {
            w.WriteStringValue(port);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("name", "PORTS_UDP");
        w.WriteString("type", "STRINGSET");
        w.WriteStartArray("stringSetValue");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteInteger(Utf8JsonWriter w, string name, int value)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("type", "INTEGER");
        w.WriteNumber("integerValue", value);
        w.WriteEndObject();
    }
}
