using BatchRuntimeMonitor.Core.Messaging;

namespace BatchRuntimeMonitor.Core;

/// <summary>Applies one pipeline record (its envelope already checked); throws <see cref="RecordRejectedException"/> for input it cannot use.</summary>
public interface IRecordProcessor
{
    ValueTask ProcessAsync(PipelineMessage message, CancellationToken cancellationToken);
}
