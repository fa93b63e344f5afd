namespace BatchRuntimeMonitor.Local.Dashboards.Page;

/// <summary>
/// Finds chart.js's minified UMD file: copied beside the assembly by the build (web/chart.umd.min.js), or, when
/// running from a source tree, in local/Dashboards/web/node_modules after npm ci.
/// </summary>
public static class ChartLibrary
{
    public const string FileName = "chart.umd.min.js";

    public static string Locate()
    {
        var besideAssembly = Path.Combine(AppContext.BaseDirectory, "web", FileName);
        if (File.Exists(besideAssembly))
        {
            return besideAssembly;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "local", "Dashboards", "web", "node_modules", "chart.js", "dist", FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{FileName} not found beside the assembly or under local/Dashboards/web/node_modules: run 'npm ci' in local/Dashboards/web (the build does it when npm is on PATH)");
    }

    /// <summary>The library's source, made safe to sit inside an inline script element.</summary>
    public static string ReadInlineSafe() => File.ReadAllText(Locate()).Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
}
