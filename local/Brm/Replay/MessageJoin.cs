namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>What a message body says of its join: "found":true anywhere, else "found":false anywhere, else none.</summary>
public enum MessageJoinOutcome
{
    None,
    Found,
    NotFound,
}

/// <summary>
/// Tells a message body's join (the summary's joins found / not found) in one pass over the body.
/// </summary>
/// <remarks>
/// Searching "found":true and then "found":false read a body without a join (about half of them, the whole event
/// each) twice. This searches the common part found": once, from the end (the state machines write the join after
/// the event it follows, so a joined body is told after its last few hundred bytes), and reads what follows each
/// occurrence: the same answer as the two searches, since a "true" anywhere wins over a "false".
/// </remarks>
public static class MessageJoin
{
    public static MessageJoinOutcome Of(ReadOnlySpan<byte> body)
    {
        var outcome = MessageJoinOutcome.None;
        var end = body.Length;
        while (true)
        {
            // Searched without the opening quote, checked after: the search's vectors look for the needle's first and
            // last bytes, and 'f' ... ':' is rarer in JSON than '"' ... ':' (every six-letter member name).
            var at = body[..end].LastIndexOf("found\":"u8);
            if (at < 0)
            {
                return outcome;
            }

            if (at > 0 && body[at - 1] == (byte)'"')
            {
                var rest = body[(at + "found\":"u8.Length)..];
                if (rest.StartsWith("true"u8))
                {
                    return MessageJoinOutcome.Found;
                }

                if (rest.StartsWith("false"u8))
                {
                    outcome = MessageJoinOutcome.NotFound;
                }
            }

            end = at;
        }
    }
}
