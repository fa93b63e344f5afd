using System.Net;
using System.Net.Sockets;
using BatchRuntimeMonitor.Local.Dashboards;
using BatchRuntimeMonitor.Tests.Dashboards.Support;

namespace BatchRuntimeMonitor.Tests.Dashboards;

public sealed class DashboardServerTests : IDisposable
{
    private readonly SampleReplay _replay = new();

    public void Dispose() => _replay.Dispose();

    [Fact]
    public async Task Serves_the_page_on_loopback_and_re_renders_when_the_replay_changes()
    {
        await using var server = new DashboardServer(new DashboardRenderOptions
        {
            DashboardsDirectory = Fixtures.DashboardsDirectory,
            ReplayDirectory = _replay.Directory,
            OutputPath = Path.Combine(_replay.Directory, "dashboards.html"),
        }, FreePort());
        server.Start();
        using var http = new HttpClient { BaseAddress = server.Address };

        var first = await http.GetStringAsync("/");
        var version = await http.GetStringAsync(DashboardServer.VersionPath);
        first.Should().Contain("id=\"brm-data\"").And.Contain("connect-src 'self'");
        Totals(first).Should().Be(24);

        var blocked = """{"_aws":{"Timestamp":1793491260000,"CloudWatchMetrics":[{"Namespace":"AWSBatchMetrics","Dimensions":[["JobQueue"],["JobDefinition"]],"Metrics":[{"Name":"SUBMITTED","Unit":"Count"}]}]},"JobQueue":"q-high","JobDefinition":"etl","SUBMITTED":1}""";
        await File.AppendAllTextAsync(Path.Combine(_replay.Directory, "emf.jsonl"), blocked + "\n");

        (await http.GetStringAsync(DashboardServer.VersionPath)).Should().NotBe(version);
        Totals(await http.GetStringAsync("/")).Should().Be(25);
        (await http.GetAsync("/missing")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static double Totals(string html)
    {
        var path = Path.Combine(Path.GetTempPath(), "brm-served-" + Guid.NewGuid().ToString("N") + ".html");
        File.WriteAllText(path, html);
        try
        {
            var model = DashboardPageTests.ReadEmbeddedModel(path);
            return model.Dashboards.SelectMany(d => d.Widgets).Single(w => w.Title == "Jobs submitted (whole replay)").Series.Single().Value!.Value;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
