using Spectre.Console;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>
/// The console tables are written to: colours and styles on a terminal, plain text when stdout is piped or
/// redirected (Spectre's own detection follows TERM and kept escape codes in `brm cost | less` and in files),
/// and no colours when NO_COLOR is set (no-color.org). A piped or redirected table is as wide as its rows: a file or
/// a pipe has no width, and Spectre's fallback of 80 columns wrapped `brm jobs` into eight lines per job, its job id
/// and log stream cut into pieces no grep or `less -S` could find.
/// </summary>
public static class TerminalOutput
{
    /// <summary>Wider than any row the commands print (a log stream name is at most 512 characters).</summary>
    public const int UnboundedWidth = 4096;

    public static IAnsiConsole Create(TextWriter? writer = null)
    {
        var redirected = writer is not null || Console.IsOutputRedirected;
        var plain = redirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(writer ?? Console.Out),
        });
        if (redirected)
        {
            console.Profile.Width = UnboundedWidth;
        }

        return console;
    }
}
