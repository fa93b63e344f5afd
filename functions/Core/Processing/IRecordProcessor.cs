using BatchRuntimeMonitor.Core.Messaging;

namespace BatchRuntimeMonitor.Core;

/// <summary>Applies one pipeline record; throws <see cref="RecordRejectedException"/> for input it cannot use.</summary>
public interface IRecordProcessor
{
    ValueTask ProcessAsync(PipelineRecord record, CancellationToken cancellationToken);
}
