using System.Text.Json.Serialization;
using BatchRuntimeMonitor.Core.Instances;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReplaySummary))]
internal sealed partial class ReplayJsonIndented : JsonSerializerContext;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeadLetter))]
[JsonSerializable(typeof(InstanceRecord))]
internal sealed partial class ReplayJson : JsonSerializerContext;
