using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Messaging;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// Keeps the state machines' join in step with registrations that run on the functions' thread: it knows which
/// instance record each registration batch still in flight will write, and a GetItem of one of those waits for
/// its batch first. So the join reads what it would have read had the batch run on the pipeline's thread when it
/// was delivered, while the joins of every other instance go on meanwhile. Used on the pipeline's thread only.
/// </summary>
public sealed class RegistrationFence
{
    private readonly Dictionary<string, PostedBatch> _writing = new(StringComparer.Ordinal);

    /// <summary>
    /// The ARNs of the registry records the registration function writes for these message bodies, read with the
    /// function's own <see cref="InstanceRegistrationProcessor.Observe"/> as the function reads them (one pass,
    /// <see cref="PipelineRecordReader.ReadAsProcessed"/>); a message it rejects writes nothing. Null when a body
    /// cannot be read that way: the batch must then run with the functions' thread idle.
    /// </summary>
    public static List<string>? RecordsWrittenBy(IEnumerable<ReadOnlyMemory<byte>> bodies)
    {
        var arns = new List<string>();
        foreach (var body in bodies)
        {
            try
            {
                arns.Add(PipelineRecordReader.ReadAsProcessed(body, InstanceRegistrationProcessor.Observe).ContainerInstanceArn);
            }
            catch (RecordRejectedException)
            {
                // Rejected before any write: the function reports it failed and leaves the registry alone.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return null;
            }
        }

        return arns;
    }

    /// <summary>Records that <paramref name="batch"/> writes these instance records (a later batch supersedes an earlier one).</summary>
    public void Add(IEnumerable<string> arns, PostedBatch batch)
    {
        foreach (var arn in arns)
        {
            _writing[arn] = batch;
        }
    }

    /// <summary>Before the join reads <paramref name="arn"/>: waits for the latest batch in flight that writes it.</summary>
    public void BeforeRead(string arn)
    {
        // Most joins run with no registration in flight: no need to hash the ARN then.
        if (_writing.Count > 0 && _writing.Remove(arn, out var batch))
        {
            batch.Wait();
        }
    }

    /// <summary>Forgets the ARNs of a batch that has run and was collected (unless a later batch writes them too).</summary>
    public void Release(IEnumerable<string> arns, PostedBatch batch)
    {
        foreach (var arn in arns)
        {
            if (_writing.TryGetValue(arn, out var writer) && ReferenceEquals(writer, batch))
            {
                _writing.Remove(arn);
            }
        }
    }
}
