namespace BatchRuntimeMonitor.Local.Brm;

/// <summary>
/// brm runs the repository's own template.yaml, statemachines/ and dashboards/ (never copies): it finds them
/// above the current folder, else above the brm assembly.
/// </summary>
public static class RepositoryLocator
{
    public static string Root() =>
        TryRoot() ?? throw new UserErrorException("template.yaml and statemachines/ not found above the current folder; run brm inside the repository or pass --template");

    /// <summary>The repository's folder, or null outside one (for commands that also work without it).</summary>
    public static string? TryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "template.yaml")) && Directory.Exists(Path.Combine(dir.FullName, "statemachines")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    public static string Template(string? given) => given ?? Path.Combine(Root(), "template.yaml");

    public static string Dashboards(string? given) => given ?? Path.Combine(Root(), "dashboards");
}

/// <summary>A mistake in how brm was called or what it was given: one line, exit code 1.</summary>
public sealed class UserErrorException(string message) : Exception(message);
