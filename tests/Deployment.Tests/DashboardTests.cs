using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BatchRuntimeMonitor.Tests.Deployment.Support;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Deployment;

/// <summary>dashboards/*.json: valid bodies, deployed verbatim by the template, naming only catalogued metrics.</summary>
public sealed partial class DashboardTests
{
    private static readonly string[] Names =
        ["instances-registration", "jobs-placement", "job-states", "ecs-cluster-utilization", "asg-utilization", "job-insights"];

    private static readonly HashSet<string> Placeholders = ["MetricsNamespace", "AWS::Region", "JobTransitionsLogGroup"];

    /// <summary>The job insight record's fields (shared/design.md), plus RecordType and Logs Insights' own fields.</summary>
    private static readonly HashSet<string> InsightFields =
    [
        "RecordType", "JobName", "JobId", "JobQueue", "JobDefinition", "Status", "StatusReason", "ExitCode", "ComputeEnvironment",
        "InstanceId", "InstanceType", "AvailabilityZone", "Architecture", "LogStreamName", "Attempts", "ParentJobId", "ArrayIndex", "ArraySize",
        "RunnableSeconds", "StartingSeconds", "RunningSeconds", "@timestamp",
    ];

    public static TheoryData<string> Dashboards()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names)
        {
            data.Add(name);
        }

        return data;
    }

    private static JsonObject Body(string name) => JsonNode.Parse(File.ReadAllText(RepositoryPaths.InRepo("dashboards", name + ".json")))!.AsObject();

    [Fact]
    public void DashboardsFolder_ShouldHoldExactlyTheSixDashboards() =>
        Directory.GetFiles(RepositoryPaths.InRepo("dashboards"), "*.json").Select(Path.GetFileNameWithoutExtension)
            .Should().BeEquivalentTo(Names);

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Body_ShouldBeAGridOfMetricLogAndTextWidgets(string name)
    {
        foreach (var widget in Body(name)["widgets"]!.AsArray().Select(w => w!.AsObject()))
        {
            new[] { "metric", "log", "text" }.Should().Contain((string)widget["type"]!);
            var x = (int)widget["x"]!;
            var width = (int)widget["width"]!;
            ((int)widget["y"]!).Should().BeGreaterThanOrEqualTo(0);
            (x + width).Should().BeLessThanOrEqualTo(24, $"{name}: widgets fit the 24-column grid");
            ((int)widget["height"]!).Should().BeGreaterThan(0);
            widget["properties"].Should().NotBeNull();
            if ((string)widget["type"]! != "text")
            {
                ((string?)widget["properties"]!["region"]).Should().Be("${AWS::Region}");
                ((string?)widget["properties"]!["title"]).Should().NotBeNullOrWhiteSpace();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Body_ShouldUseOnlyPlaceholdersTheTemplateFills(string name)
    {
        var text = File.ReadAllText(RepositoryPaths.InRepo("dashboards", name + ".json"));
        PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Should().BeSubsetOf(Placeholders);
    }

    [Fact]
    public void Template_ShouldDeployEachDashboardFileVerbatim()
    {
        var template = TemplateDocument.Load();
        var deployed = template.OfType("AWS::CloudWatch::Dashboard").ToList();
        deployed.Should().HaveCount(Names.Length);
        foreach (var (id, props) in deployed)
        {
            var name = ((string)props["DashboardName"]!["Fn::Sub"]!).Replace("${AWS::StackName}-", string.Empty, StringComparison.Ordinal);
            Names.Should().Contain(name, id);
            var sub = props["DashboardBody"]!["Fn::Sub"]!.AsArray();
            var body = JsonNode.Parse((string)sub[0]!);
            JsonNode.DeepEquals(body, Body(name)).Should().BeTrue($"{id} differs from dashboards/{name}.json: run python3 scripts/sync-dashboards.py");
            TemplateDocument.ReferencedId(sub[1]!["JobTransitionsLogGroup"]).Should().Be("JobTransitionsLogGroup");
        }
    }

    [Fact]
    public void MetricWidgets_ShouldNameOnlyCataloguedMetricsWithTheirDimensionSets()
    {
        var catalog = MetricsCatalog.Load();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            foreach (var (metric, dimensions) in OwnMetrics(Body(name)))
            {
                catalog.Should().ContainKey(metric, $"{name} names {metric}, which docs/metrics.md does not define");
                catalog[metric].Should().ContainEquivalentOf(dimensions, $"{name}: {metric} by [{string.Join(',', dimensions)}]");
                used.Add(metric);
            }
        }

        catalog.Keys.Should().BeSubsetOf(used, "every metric is emitted for a widget that shows it");
    }

    [Fact]
    public void LogWidgets_ShouldQueryOnlyJobInsightRecordsOfTheJobTransitionsLogGroup()
    {
        var widgets = Names.SelectMany(n => Body(n)["widgets"]!.AsArray()).Where(w => (string?)w!["type"] == "log").ToList();
        widgets.Should().NotBeEmpty();
        foreach (var widget in widgets)
        {
            var query = (string)widget!["properties"]!["query"]!;
            query.Should().StartWith("SOURCE '${JobTransitionsLogGroup}' | ").And.Contain("filter RecordType = 'JobInsight'");
            // Identifiers outside quoted strings ('FAILED', 'FARGATE' are values, not fields).
            var fields = IdentifierPattern().Matches(QuotedPattern().Replace(query.Split('|', 2)[1], "''"))
                .Select(m => m.Value)
                .Where(w => char.IsUpper(w[0]) || w.StartsWith('@'));
            fields.Should().BeSubsetOf(InsightFields, query);
        }

        var all = string.Join('\n', widgets.Select(w => (string)w!["properties"]!["query"]!));
        foreach (var duration in new[] { "RunnableSeconds", "StartingSeconds", "RunningSeconds" })
        {
            all.Should().Contain($"avg({duration})").And.Contain($"pct({duration}, 90)");
        }

        all.Should().Contain("by JobQueue").And.Contain("by JobDefinition").And.Contain("by InstanceType")
            .And.Contain("by AvailabilityZone").And.Contain("by Architecture").And.Contain("LogStreamName");
    }

    private static IEnumerable<(string Metric, string[] Dimensions)> OwnMetrics(JsonObject body)
    {
        foreach (var widget in body["widgets"]!.AsArray().Where(w => (string?)w!["type"] == "metric"))
        {
            foreach (var row in widget!["properties"]!["metrics"]!.AsArray())
            {
                foreach (var item in row!.AsArray())
                {
                    if (item is JsonObject o && o["expression"] is JsonValue e)
                    {
                        foreach (Match m in SearchPattern().Matches((string)e!))
                        {
                            var schema = m.Groups[1].Value.Split(',').Select(s => s.Trim()).ToArray();
                            if (schema[0] == "${MetricsNamespace}")
                            {
                                yield return (m.Groups[2].Value, schema[1..]);
                            }
                        }
                    }
                    else if (row[0] is JsonValue ns && (string?)ns == "${MetricsNamespace}")
                    {
                        var values = row.AsArray().TakeWhile(x => x is JsonValue).Select(x => (string)x!).ToArray();
                        yield return (values[1], values.Skip(2).Where((_, i) => i % 2 == 0).ToArray());
                        break;
                    }
                }
            }
        }
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9_:]+)\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex("SEARCH\\('\\{((?:\\$\\{[^}]*\\}|[^}])*)\\}\\s+MetricName=\"([^\"]+)\"")]
    private static partial Regex SearchPattern();

    [GeneratedRegex(@"@?[A-Za-z][A-Za-z0-9]*")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"'[^']*'")]
    private static partial Regex QuotedPattern();
}

/// <summary>docs/metrics.md's table: metric name -> its dimension sets.</summary>
public static partial class MetricsCatalog
{
    public static Dictionary<string, List<string[]>> Load()
    {
        var catalog = new Dictionary<string, List<string[]>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(RepositoryPaths.InRepo("docs", "metrics.md")).Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = line.Split('|');
            var sets = DimensionSetPattern().Matches(cells[3]).Select(m => m.Groups[1].Value.Split(',').Select(d => d.Trim()).ToArray()).ToList();
            foreach (Match name in MetricNamePattern().Matches(cells[1]))
            {
                catalog[name.Groups[1].Value] = sets;
            }
        }

        return catalog;
    }

    [GeneratedRegex(@"\[([A-Za-z, ]+)\]")]
    private static partial Regex DimensionSetPattern();

    [GeneratedRegex(@"`([A-Za-z]+)`")]
    private static partial Regex MetricNamePattern();
}
