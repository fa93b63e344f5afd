using Spectre.Console;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>
/// The console tables are written to: colours and styles on a terminal, plain text when stdout is piped or
/// redirected (Spectre's own detection follows TERM and kept escape codes in `brm cost | less` and in files),
/// and no colours when NO_COLOR is set (no-color.org).
/// </summary>
public static class TerminalOutput
{
    public static IAnsiConsole Create(TextWriter? writer = null)
    {
        var plain = Console.IsOutputRedirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(writer ?? Console.Out),
        });
    }
}
