namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>
/// The largest managed heap the GC reported while sampling (every 20 ms, at the end of whichever GC ran last): what the
/// program holds, garbage not yet collected included, without the runtime, JIT and GC budgets the working set counts.
/// </summary>
internal sealed class HeapPeakSampler : IDisposable
{
    private readonly Timer _timer;
    private long _peakBytes;

    public HeapPeakSampler() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));

    public long PeakBytes
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peakBytes);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var heap = GC.GetGCMemoryInfo().HeapSizeBytes;
        for (var peak = Interlocked.Read(ref _peakBytes); heap > peak; peak = Interlocked.Read(ref _peakBytes))
        {
            if (Interlocked.CompareExchange(ref _peakBytes, heap, peak) == peak)
            {
                return;
            }
        }
    }
}
