using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.EventBridge.Templates;

internal static class TestTemplates
{
    public static string PathOf(string name) => RepositoryPaths.InRepo("tests", "EventBridge.Tests", "TestData", name);
}
