using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Json;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>A replay's instance registry (instances.jsonl) read a line at a time.</summary>
public static class InstanceRegistryQuery
{
    /// <param name="warnings">Told of each line that is not a registry line (file:line and why), which is skipped.</param>
    public static IEnumerable<InstanceRecord> Read(string from, TextWriter warnings) =>
        JsonLinesQuery.Read(
            from,
            "instances.jsonl",
            CoreJsonContext.Default.InstanceRecord,
            "an instance line",
            record => string.IsNullOrEmpty(record.ContainerInstanceArn) && string.IsNullOrEmpty(record.Ec2InstanceId) ? "no ContainerInstanceArn or Ec2InstanceId" : null,
            warnings);
}
