using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Tests.Deployment.Support;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Deployment;

/// <summary>docs/cost.md states what scripts/costmodel_ours.py prints, and the metric formula matches docs/metrics.md.</summary>
public sealed class CostModelTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CostDoc_ShouldQuoteTheScriptsTotalsAndMetricCount()
    {
        if (MotoServer.FindOnPath("python3") is null || !Directory.Exists(Path.Combine(Path.GetDirectoryName(RepositoryPaths.Root)!, "shared", "tools")))
        {
            output.WriteLine("SKIPPED: python3 or ../shared/tools/costmodel.py is not available");
            return;
        }

        var result = await ProcessRunner.RunAsync("python3", ["scripts/costmodel_ours.py", "--json"], RepositoryPaths.Root);
        result.ExitCode.Should().Be(0, result.ToString());
        var model = JsonNode.Parse(result.StandardOutput)!;
        var doc = File.ReadAllText(RepositoryPaths.InRepo("docs", "cost.md"));

        doc.Should().Contain(((double)model["per_jobs"]!).ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        doc.Should().Contain(((double)model["per_month"]!).ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        doc.Should().Contain($"**{(int)model["counts"]!["custom_metrics"]!} metrics**");
        foreach (var line in model["lines"]!.AsArray())
        {
            var usd = ((double)line![1]!).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
            (doc.Contains($"| {usd} |", StringComparison.Ordinal) || doc.Contains($"| **{usd}** |", StringComparison.Ordinal))
                .Should().BeTrue($"docs/cost.md should show the {line[0]} line as the script computes it ({usd})");
        }
    }

    [Fact]
    public async Task MetricCount_ShouldEqualTheCountDerivedFromDocsMetrics()
    {
        if (MotoServer.FindOnPath("python3") is null || !Directory.Exists(Path.Combine(Path.GetDirectoryName(RepositoryPaths.Root)!, "shared", "tools")))
        {
            output.WriteLine("SKIPPED: python3 or ../shared/tools/costmodel.py is not available");
            return;
        }

        // The example cardinality of cost-model.md, plus R=3 failure reasons and 2 architectures.
        var values = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["JobQueue"] = 5, ["ComputeEnvironment"] = 5, ["ECSCluster"] = 5, ["AvailabilityZone"] = 3, ["InstanceType"] = 10,
            ["JobDefinition"] = 5, ["Reason"] = 3, ["Architecture"] = 2,
        };
        var expected = MetricsCatalog.Load().Values
            .SelectMany(sets => sets)
            .Sum(set => set.Aggregate(1, (product, dimension) => product * values[dimension]));

        var result = await ProcessRunner.RunAsync("python3", ["scripts/costmodel_ours.py", "--json"], RepositoryPaths.Root);
        result.ExitCode.Should().Be(0, result.ToString());
        ((int)JsonNode.Parse(result.StandardOutput)!["counts"]!["custom_metrics"]!).Should().Be(expected, "scripts/costmodel_ours.py counts the metrics of docs/metrics.md");
    }
}
