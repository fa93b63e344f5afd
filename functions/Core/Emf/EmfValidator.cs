using System.Buffers;
using System.Text;
using System.Text.Json;
using BatchRuntimeMonitor.Core.Emf.Validation;

namespace BatchRuntimeMonitor.Core.Emf;

/// <summary>
/// Checks a JSON log line against the Embedded Metric Format specification's rules, so tests and the local runner
/// reject what CloudWatch would silently ignore. Returns every violation found, empty when the document is valid.
/// </summary>
/// <remarks>
/// `brm replay` checks every line it writes on its busiest thread, so this reads the line once with a
/// <see cref="Utf8JsonReader"/> (<see cref="EmfLineReader"/>), keeping positions rather than strings, and checks the
/// rules afterwards (<see cref="EmfLineRules"/>); a valid line allocates nothing. It replaced a JsonDocument-based
/// validator, whose results it reproduces exactly (tests/Core.Tests keeps that one as the reference; see
/// docs/performance.md).
/// </remarks>
public static class EmfValidator
{
    public static IReadOnlyList<string> Validate(string line)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(line.Length));
        try
        {
            var written = Encoding.UTF8.GetBytes(line, rented);
            return Validate(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The same checks on the UTF-8 line as a writer holds it, with no string made of it.</summary>
    public static IReadOnlyList<string> Validate(ReadOnlySpan<byte> utf8Line)
    {
        List<string>? errors = null;
        if (utf8Line.Length > EmfLimits.MaxLogEventBytes)
        {
            (errors ??= []).Add($"document is larger than a CloudWatch Logs event ({EmfLimits.MaxLogEventBytes} bytes)");
        }

        var line = EmfLine.Rent();
        try
        {
            try
            {
                EmfLineReader.Read(utf8Line, line);
            }
            catch (JsonException ex)
            {
                (errors ??= []).Add($"not JSON: {ex.Message}");
                return errors;
            }

            EmfLineRules.Check(utf8Line, line, ref errors);
        }
        finally
        {
            EmfLine.Return(line);
        }

        return errors ?? (IReadOnlyList<string>)[];
    }
}
