namespace BatchRuntimeMonitor.Tests.Core.Support;

public static class TestData
{
    public static string Path(string name) => System.IO.Path.Combine(BatchRuntimeMonitor.Tests.Support.RepositoryPaths.Root, "tests", "Core.Tests", "TestData", name);
}
