namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// The virtual time the stores stamp the functions' writes with: the time the running batch was delivered at. The
/// pipeline's clock moves on while the functions' thread works, so the stores cannot read it; a batch's delivery
/// time is what the pipeline's clock said when the batch ran on the pipeline's own thread.
/// </summary>
public sealed class FunctionsClock
{
    /// <summary>Written by whichever thread runs a batch, before the batch; the hand-over orders it for the other.</summary>
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;
}
