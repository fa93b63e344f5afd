using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// CloudTrail RegisterContainerInstance (made by the ECS agent with the instance role when the instance boots)
/// and DeregisterContainerInstance (made by Batch when it scales the instance in), built from the ECS API
/// reference shapes since no real record was found (shared/events/SOURCES.md).
/// </summary>
internal static class InstanceRegistrationCalls
{
    public const string Register = "RegisterContainerInstance";
    public const string Deregister = "DeregisterContainerInstance";

    public static void WriteRegister(EventEmitter e, SimInstance instance, long second)
    {
        var w = CloudTrailEnvelope.Begin(e, "aws.ecs", "ecs.amazonaws.com", Register, second, new EcsAgentCaller(instance.Ec2InstanceId, instance.PrivateIp));
        w.WriteStartObject("requestParameters");
        w.WriteString("cluster", instance.Environment.Spec.ClusterName);
        // CloudTrail does not show the identity document and its signature.
        w.WriteString("instanceIdentityDocument", "HIDDEN_DUE_TO_SECURITY_REASONS");
        w.WriteString("instanceIdentityDocumentSignature", "HIDDEN_DUE_TO_SECURITY_REASONS");
        w.WriteStartArray("totalResources");
        WriteResource(w, "CPU", instance.Type.Vcpus * 1024);
        WriteResource(w, "MEMORY", instance.Type.RegisteredMemoryMiB);
        w.WriteEndArray();
        w.WriteStartObject("versionInfo");
        w.WriteString("agentVersion", "1.89.2");
        w.WriteString("agentHash", "f4ac5fba");
        w.WriteString("dockerVersion", "DockerVersion: 25.0.8");
        w.WriteEndObject();
        ContainerInstanceEvents.WriteAttributes(w, instance);
        w.WriteEndObject();
        WriteResponse(w, instance, "ACTIVE", 1, instance.RegisteredAtMs);
        CloudTrailEnvelope.End(e, w, Register, second * 1000);
    }

    public static void WriteDeregister(EventEmitter e, SimInstance instance, long second)
    {
        var w = CloudTrailEnvelope.Begin(e, "aws.ecs", "ecs.amazonaws.com", Deregister, second, BatchServiceCaller.Instance);
        w.WriteStartObject("requestParameters");
        w.WriteString("cluster", instance.Environment.Spec.ClusterName);
        w.WriteString("containerInstance", instance.ContainerInstanceArn);
        w.WriteBoolean("force", true);
        w.WriteEndObject();
        WriteResponse(w, instance, "INACTIVE", instance.Version, instance.RegisteredAtMs);
        CloudTrailEnvelope.End(e, w, Deregister, second * 1000);
    }

    private static void WriteResponse(Utf8JsonWriter w, SimInstance instance, string status, int version, long registeredAtMs)
    {
        w.WriteStartObject("responseElements");
        w.WriteStartObject("containerInstance");
        ContainerInstanceEvents.WriteContainerInstanceBody(w, instance, status, version, updatedAt: null);
        w.WriteString("registeredAt", AwsTime.Milliseconds(registeredAtMs));
        w.WriteStartArray("tags");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteResource(Utf8JsonWriter w, string name, int value)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("type", "INTEGER");
        w.WriteNumber("integerValue", value);
        w.WriteEndObject();
    }
}
