using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.Core;

/// <summary>
/// The instance an event ran on: the state machine's join when it found one, else our own store, since the
/// registration may have landed after the state machine gave up waiting.
/// </summary>
public static class JoinedInstance
{
    public static async ValueTask<InstanceRecord?> ResolveAsync(JoinResult? join, IRecordStore<InstanceRecord> instances, CancellationToken cancellationToken)
    {
        if (join is null)
        {
            return null;
        }

        if (join.Found && join.Item is { } joined)
        {
            return joined;
        }

        if (join.ContainerInstanceArn is null)
        {
            return null;
        }

        var stored = await instances.GetAsync(join.ContainerInstanceArn, cancellationToken).ConfigureAwait(false);
        return stored?.Record;
    }
}
