namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// A file to read (or <see cref="EventFileReader.StandardInput"/>), and whether it is read only when it starts like
/// events: a folder's file whose name is not an event file's (<see cref="EventFileReader.ExpandPaths"/>).
/// </summary>
public readonly record struct EventFile(string Path, bool ByContent);
