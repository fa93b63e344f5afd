namespace BatchRuntimeMonitor.Tests.Support;

/// <summary>Finds the repository root (the folder holding BatchRuntimeMonitor.sln) and the shared/ folder beside it.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string SharedEvents => Path.Combine(Path.GetDirectoryName(Root)!, "shared", "events");

    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BatchRuntimeMonitor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"BatchRuntimeMonitor.sln not found above {AppContext.BaseDirectory}");
    }
}
