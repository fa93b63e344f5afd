namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// The length a template's next message body will likely have, for sizing the array it is written to
/// (<see cref="PooledBodyWriter.Expect"/>): the execution input's text length plus what the template's last body
/// had beyond its own execution's input. The replay's bodies copy the event and add a few fields, so that forecast
/// is within tens of bytes, where "the last body of any template" (the writer's own guess) missed by whole pool
/// sizes when bodies of different queues alternated: about half the bodies then moved once to another array.
/// </summary>
/// <remarks>
/// Only a hint: a body longer or much shorter than forecast is still written whole (the writer grows or moves it).
/// A template is shared by every execution of its definition, possibly on several threads: each field is read and
/// written whole, and a forecast made from another thread's last body is as good a hint, so no lock is needed.
/// </remarks>
internal sealed class BodySizeForecast
{
    /// <summary>
    /// Room for the small differences between one template's bodies (a join's item, a kind's name): a body a little
    /// longer than forecast does not grow when the forecast is just under a pool size. Larger, it would move more
    /// bodies just under a pool size to the smaller array instead (a copy as well).
    /// </summary>
    internal const int Margin = 32;

    private int _lastLengthBeyondInput;
    private bool _known;

    /// <summary>The expected length for an execution whose input text is <paramref name="inputTextLength"/> bytes long (0 when not known); 0 before any body.</summary>
    public int Expect(int inputTextLength) =>
        _known ? Math.Max(0, inputTextLength + _lastLengthBeyondInput) + Margin : 0;

    /// <summary>Learns from a body just written.</summary>
    public void Learn(int bodyLength, int inputTextLength)
    {
        _lastLengthBeyondInput = bodyLength - inputTextLength;
        _known = true;
    }
}
