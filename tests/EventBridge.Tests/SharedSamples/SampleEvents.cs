using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.EventBridge.SharedSamples;

/// <summary>Shared samples as EventBridge would deliver them: CloudTrail records get wrapped, others are used as is.</summary>
internal static class SampleEvents
{
    public static JsonNode Load(string relativePath)
    {
        var node = JsonNode.Parse(SharedEvents.Read(relativePath))!;
        return SharedEvents.IsRawCloudTrailRecord(relativePath) ? CloudTrailEnvelope.Wrap(node) : node;
    }

    /// <summary>The samples' top folder names their family: batch-job, ecs-task, ecs-container-instance, cloudtrail-*.</summary>
    public static string Family(string relativePath) => relativePath.Split('/', '\\')[0];
}
