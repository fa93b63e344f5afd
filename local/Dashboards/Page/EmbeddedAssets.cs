namespace BatchRuntimeMonitor.Local.Dashboards.Page;

/// <summary>The page's own script and style, compiled into the assembly so the renderer needs no files beside it.</summary>
public static class EmbeddedAssets
{
    public static string PageScript => Read("brm.page.js");

    public static string PageStyle => Read("brm.page.css");

    private static string Read(string name)
    {
        using var stream = typeof(EmbeddedAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
