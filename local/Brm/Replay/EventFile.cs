namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// A file to read (or <see cref="EventFileReader.StandardInput"/>), and whether it is read only when it starts like
/// events: a folder's file whose name is not an event file's (<see cref="EventFileReader.ExpandPaths"/>); or, with
/// <see cref="NotRead"/>, a folder's file that is a replay's output, named as not read.
/// </summary>
public readonly record struct EventFile(string Path, bool ByContent, string? NotRead = null);
