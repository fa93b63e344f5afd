using System.CommandLine;
using BatchRuntimeMonitor.Local.Brm.Replay.Spill;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>`--spill-window` and `--no-spill`, shared by `replay` and `bench` so both read them the same way.</summary>
public sealed class SpillCommandOptions
{
    public Option<double> Window { get; } = new("--spill-window")
    {
        Description = "Minutes of event time a finished job stays in memory before it moves to a scratch file in the output folder (memory only: late events still find it)",
        DefaultValueFactory = _ => new SpillOptions().Window.TotalMinutes,
    };

    public Option<bool> NoSpill { get; } = new("--no-spill") { Description = "Keep every job and marker in memory (memory then grows with the day)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Window);
        command.Options.Add(NoSpill);
    }

    /// <returns>The spill settings, or null for --no-spill.</returns>
    public SpillOptions? Read(ParseResult result)
    {
        if (result.GetValue(NoSpill))
        {
            return null;
        }

        var minutes = result.GetValue(Window);
        return minutes >= 0
            ? new SpillOptions { Window = TimeSpan.FromMinutes(minutes) }
            : throw new UserErrorException("--spill-window must be 0 or more minutes");
    }
}
