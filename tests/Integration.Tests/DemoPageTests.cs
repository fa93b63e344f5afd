using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// `brm demo` end to end as a process: the files it writes, and the numbers its dashboards page shows against
/// summary.json, the simulator's ground truth and the job ledger.
/// </summary>
[Trait("Category", "Integration")]
[Collection(DemoCollection.Name)]
public sealed class DemoPageTests(DemoFixture demo, ITestOutputHelper output)
{
    private static readonly string[] OutputFiles = ["emf.jsonl", "insights.jsonl", "jobs.jsonl", "instances.jsonl", "dlq.jsonl", "summary.json"];

    [Fact]
    public void Demo_exits_0_prints_the_page_path_and_writes_all_six_files()
    {
        output.WriteLine(demo.Demo.ToString());
        demo.Demo.ExitCode.Should().Be(0, demo.Demo.ToString());

        var page = Path.Combine(demo.OutDirectory, "dashboards.html");
        demo.Demo.Stdout.Should().Contain(page, "the demo tells where the page is");
        File.Exists(page).Should().BeTrue();
        foreach (var file in OutputFiles)
        {
            File.Exists(Path.Combine(demo.OutDirectory, file)).Should().BeTrue($"out/{file} must be written");
        }

        File.ReadAllLines(Path.Combine(demo.OutDirectory, "jobs.jsonl")).Should().HaveCount(DemoFixture.Jobs);
        File.ReadAllText(Path.Combine(demo.OutDirectory, "dlq.jsonl")).Should().BeEmpty("a simulated day has nothing to dead-letter");
        var summary = demo.Summary();
        summary["Jobs"]!.GetValue<long>().Should().Be(DemoFixture.Jobs);
        summary["ExecutionsFailed"]!.GetValue<long>().Should().Be(0);
        summary["EventsRejected"]!.GetValue<long>().Should().Be(0);
        summary["EmfViolations"]!.AsArray().Should().BeEmpty();
    }

    /// <summary>
    /// Fails today: JobsPlaced documents of jobs first seen through their ECS task event (before any Batch event, no
    /// startedAt yet) carry "Timestamp": 0 (JobEmissions falls back to CreatedAt ?? 0). CloudWatch would drop those
    /// datapoints (1970), and the page's time axis starts at 1970, squeezing every chart into its right edge.
    /// </summary>
    /// <summary>
    /// A count (a Sum of our metrics) with no event in a period is 0 there, not a line drawn from the last event to
    /// the next: the dashboards wrap those searches in FILL(..., 0). Without it a placement failure at 02:00 and
    /// another at 11:00 drew nine hours of failures on the stacked chart.
    /// </summary>
    [Fact]
    public void Count_widgets_plot_a_point_in_every_period_zero_where_nothing_happened()
    {
        var model = PageData.Read(Path.Combine(demo.OutDirectory, "dashboards.html"));
        var checkedSeries = 0;
        var zeros = 0;
        foreach (var (dashboard, widget) in PageData.Widgets(model).Where(w => PageData.Text(w.Widget["stat"]) == "Sum" && PageData.Text(w.Widget["view"]) == "timeSeries"))
        {
            foreach (var series in widget["series"]?.AsArray().Select(s => s!.AsObject()).Where(s => s["metricName"] is not null) ?? [])
            {
                var points = series["points"]!.AsArray().Select(p => (Time: p![0]!.GetValue<double>(), Value: p[1]!.GetValue<double>())).ToList();
                var steps = points.Zip(points.Skip(1), (a, b) => b.Time - a.Time).Distinct().ToList();
                steps.Should().HaveCountLessThanOrEqualTo(1, $"{dashboard}/{PageData.Text(widget["title"])} {PageData.Text(series["label"])} has a point in every period");
                checkedSeries++;
                zeros += points.Count(p => p.Value == 0);
            }
        }

        output.WriteLine($"{checkedSeries} count series checked, {zeros} zero points");
        checkedSeries.Should().BeGreaterThan(50);
        zeros.Should().BePositive("a 300-job day leaves most five-minute periods without a placement failure");
    }

    [Fact]
    public void Every_emf_timestamp_and_the_page_span_lie_within_the_replayed_events()
    {
        var summary = demo.Summary();
        var first = DateTimeOffset.Parse(summary["FirstEventTime"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        var last = DateTimeOffset.Parse(summary["LastEventTime"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        var slack = TimeSpan.FromDays(1).TotalMilliseconds;

        var outside = File.ReadLines(Path.Combine(demo.OutDirectory, "emf.jsonl"))
            .Select(l => JsonNode.Parse(l)!)
            .Where(d => d["_aws"]!["Timestamp"]!.GetValue<long>() is var t && (t < first - slack || t > last + slack))
            .Select(d => $"{d["_aws"]!["Timestamp"]} {string.Join(',', d["_aws"]!["CloudWatchMetrics"]!.AsArray().SelectMany(m => m!["Metrics"]!.AsArray()).Select(m => m!["Name"]!.GetValue<string>()))} job {d["JobId"]}")
            .ToList();
        outside.Should().BeEmpty();

        var model = PageData.Read(Path.Combine(demo.OutDirectory, "dashboards.html"));
        model["startMs"]!.GetValue<long>().Should().BeGreaterThanOrEqualTo(first - (long)slack, "the page's time axis starts with the replay");
        model["endMs"]!.GetValue<long>().Should().BeLessThanOrEqualTo(last + (long)slack);
    }

    [Fact]
    public void Summary_totals_equal_the_simulators_ground_truth()
    {
        GroundTruthComparison.MetricDifferences(demo.GroundTruthPath, demo.OutDirectory).Should().BeEmpty();
        GroundTruthComparison.JobDifferences(demo.GroundTruthPath, demo.OutDirectory).Should().BeEmpty();
    }

    [Fact]
    public void Every_metric_total_the_page_shows_equals_summary_json_and_the_ground_truth()
    {
        var model = PageData.Read(Path.Combine(demo.OutDirectory, "dashboards.html"));
        var ns = PageData.Text(model["namespace"]);
        ns.Should().Be("AWSBatchMetrics");
        var summary = demo.Summary()["Metrics"]!.AsObject();
        var truth = JsonNode.Parse(File.ReadAllText(demo.GroundTruthPath))!["metrics"]!.AsObject();

        var compared = 0;
        var againstTruth = 0;
        var problems = new List<string>();
        foreach (var (dashboard, widget) in PageData.Widgets(model))
        {
            var title = $"{dashboard}/{PageData.Text(widget["title"])}";
            var series = widget["series"]?.AsArray().Select(s => s!.AsObject()).ToList() ?? [];
            var ours = series.Where(s => PageData.Text(s["namespace"]) == ns && s["metricName"] is not null).ToList();
            if (ours.Count == 0)
            {
                continue;
            }

            // The widget's totals (metric -> key -> sum of raw datapoints) and each series' own total.
            foreach (var (metric, byKey) in widget["totals"]?.AsObject() ?? [])
            {
                foreach (var (key, total) in byKey!.AsObject())
                {
                    Compare(title, metric, key, total!.GetValue<double>());
                }
            }

            foreach (var s in ours.Where(s => s["totalsKey"] is not null && s["total"] is not null))
            {
                Compare(title + " series " + PageData.Text(s["label"]), PageData.Text(s["metricName"]), PageData.Text(s["totalsKey"]), s["total"]!.GetValue<double>());
                if (PageData.Text(widget["stat"]) != "Sum")
                {
                    continue; // points are per-period averages or percentiles; only sums add up to the total
                }

                s["points"]!.AsArray().Sum(p => p![1]!.GetValue<double>()).Should().BeApproximately(s["total"]!.GetValue<double>(), 1e-6, $"{title}: the plotted points of {PageData.Text(s["label"])} add up to its total");
            }
        }

        output.WriteLine($"{compared} page totals compared with summary.json, {againstTruth} of them with ground-truth.json");
        problems.Should().BeEmpty();
        compared.Should().BeGreaterThan(50);
        againstTruth.Should().BeGreaterThan(50);

        void Compare(string where, string metric, string key, double shown)
        {
            compared++;
            var inSummary = summary[metric]?[key]?.GetValue<double>();
            if (inSummary is null || Math.Abs(inSummary.Value - shown) > 1e-6 * Math.Max(1, Math.Abs(shown)))
            {
                problems.Add($"{where}: {metric} {key} page {shown.ToString(CultureInfo.InvariantCulture)}, summary {inSummary?.ToString(CultureInfo.InvariantCulture) ?? "absent"}");
            }

            // The ground truth covers some dimension sets of each metric (e.g. JobQueue, JobDefinition); compare those.
            if (truth[metric] is JsonObject truthKeys && truthKeys.Select(k => DimensionNames(k.Key)).Contains(DimensionNames(key)))
            {
                againstTruth++;
                var want = truthKeys[key]?.GetValue<double>();
                if (want is null || Math.Abs(want.Value - shown) > 0.01 + (Math.Abs(want.Value) * 1e-9))
                {
                    problems.Add($"{where}: {metric} {key} page {shown.ToString(CultureInfo.InvariantCulture)}, ground truth {want?.ToString(CultureInfo.InvariantCulture) ?? "absent"}");
                }
            }
        }
    }

    [Fact]
    public void Logs_Insights_widgets_agree_with_the_job_ledger() => CheckLogsInsightsWidgets(averages: false);

    /// <summary>
    /// The avg(...Seconds) columns of the per-queue and per-definition tables against the ledger, on a day delivered
    /// out of order: a job whose RUNNING event comes after its terminal event must still have its StartingSeconds
    /// in the insight record the tables read, as the ledger and the StartingSeconds metric have it.
    /// </summary>
    [Fact]
    public void Logs_Insights_duration_averages_agree_with_the_job_ledger() => CheckLogsInsightsWidgets(averages: true);

    private void CheckLogsInsightsWidgets(bool averages)
    {
        var model = PageData.Read(Path.Combine(demo.OutDirectory, "dashboards.html"));
        var ledger = demo.Ledger();
        var queries = DashboardQueries();
        var checkedTables = 0;
        var problems = new List<string>();

        foreach (var (dashboard, widget) in PageData.Widgets(model).Where(w => PageData.Text(w.Widget["type"]) == "log"))
        {
            var id = PageData.Text(widget["id"]);
            var title = $"{dashboard}/{PageData.Text(widget["title"])}";
            PageData.Text(widget["status"]).Should().Be("data", $"{title} has insight records to query");
            var table = widget["table"]!.AsObject();
            var columns = table["columns"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
            var rows = table["rows"]!.AsArray().Select(r => r!.AsArray().ToList()).ToList();
            var query = queries[id];
            var jobs = query.Contains("Status = 'FAILED'", StringComparison.Ordinal) ? ledger.Where(j => Field(j, "Status") == "FAILED").ToList() : ledger;
            if (query.Contains("not ispresent(ArraySize)", StringComparison.Ordinal))
            {
                jobs = jobs.Where(j => j["ArraySize"] is null).ToList(); // array parents run nothing themselves
            }

            if (query.Contains("ispresent(InstanceId) and InstanceId != 'FARGATE'", StringComparison.Ordinal))
            {
                jobs = jobs.Where(j => Field(j, "InstanceId") is { } instance && instance != "FARGATE").ToList(); // EC2 instances only
            }

            // The count: "jobs", or a kind of jobs ("failedJobs").
            var jobsColumn = columns.FindIndex(c => c == "jobs" || c.EndsWith("Jobs", StringComparison.Ordinal));
            if (jobsColumn < 0)
            {
                // "Recent jobs": rows are ledger jobs, newest first, at most the query's limit.
                var idColumn = columns.IndexOf("JobId");
                idColumn.Should().BeGreaterThanOrEqualTo(0, title);
                var limit = Limit(query) ?? int.MaxValue;
                rows.Should().HaveCount(Math.Min(limit, jobs.Count), title);
                var byId = ledger.ToDictionary(j => Field(j, "JobId")!, StringComparer.Ordinal);
                foreach (var row in rows)
                {
                    var job = byId[Cell(row[idColumn])!];
                    foreach (var column in columns.Where(c => !c.StartsWith('@')))
                    {
                        if (Cell(row[columns.IndexOf(column)]) != Field(job, column))
                        {
                            problems.Add($"{title}: job {Field(job, "JobId")} {column} page {Cell(row[columns.IndexOf(column)])}, ledger {Field(job, column)}");
                        }
                    }
                }

                checkedTables++;
                continue;
            }

            // stats count(*) as jobs by <group columns>: the leading columns are the groups.
            var groups = columns.Take(columns.FindIndex(c => !IsLedgerField(ledger, c))).ToList();
            groups.Should().NotBeEmpty(title);
            var expected = jobs.GroupBy(j => string.Join('|', groups.Select(g => Field(j, g) ?? "null")), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var limitRows = Limit(query);
            rows.Should().HaveCount(Math.Min(limitRows ?? int.MaxValue, expected.Count), $"{title}: one row per group");
            foreach (var row in rows)
            {
                var key = string.Join('|', groups.Select(g => Cell(row[columns.IndexOf(g)]) ?? "null"));
                if (!expected.TryGetValue(key, out var members))
                {
                    problems.Add($"{title}: row {key} is not a group of the ledger");
                    continue;
                }

                var count = row[jobsColumn]!.GetValue<double>();
                if (count != members.Count)
                {
                    problems.Add($"{title}: {key} jobs page {count}, ledger {members.Count}");
                }

                foreach (var avg in columns.Where(c => averages && c.EndsWith("Avg", StringComparison.Ordinal)))
                {
                    var field = char.ToUpperInvariant(avg[0]) + avg[1..^3] + "Seconds";
                    var values = members.Select(j => j[field]).Where(v => v is not null && v.GetValueKind() == JsonValueKind.Number).Select(v => v!.GetValue<double>()).ToList();
                    var shown = row[columns.IndexOf(avg)];
                    if (values.Count > 0 && (shown is null || Math.Abs(shown.GetValue<double>() - values.Average()) > 1e-6 * Math.Max(1, values.Average())))
                    {
                        problems.Add($"{title}: {key} {avg} page {shown?.ToJsonString() ?? "null"}, ledger {values.Average().ToString(CultureInfo.InvariantCulture)}");
                    }
                }
            }

            if (limitRows is null)
            {
                rows.Sum(r => r[jobsColumn]!.GetValue<double>()).Should().Be(jobs.Count, $"{title}: the groups cover every job");
            }

            checkedTables++;
        }

        problems.Should().BeEmpty();
        checkedTables.Should().BeGreaterThanOrEqualTo(8);

        // The two headline numbers, spelled out.
        var statusWidget = PageData.Widgets(model).Single(w => PageData.Text(w.Widget["title"]) == "Succeeded vs failed").Widget;
        var statusRows = statusWidget["table"]!["rows"]!.AsArray().ToDictionary(r => r![0]!.GetValue<string>(), r => r![1]!.GetValue<double>());
        // Array parents are left out: a parent runs nothing itself and its status follows its children's.
        var truth = demo.GroundTruthJobs().Select(j => j!.AsObject()).ToList();
        var parents = truth.Select(j => j["ParentJobId"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        parents.Should().NotBeEmpty("the demo day has array jobs");
        ledger.Where(j => j["ArraySize"] is not null).Select(j => Field(j, "JobId")).Should().BeEquivalentTo(parents, "the ledger marks exactly the array parents");
        statusRows["SUCCEEDED"].Should().Be(truth.Count(j => j["Status"]!.GetValue<string>() == "SUCCEEDED" && !parents.Contains(j["JobId"]!.GetValue<string>())));
        statusRows["FAILED"].Should().Be(truth.Count(j => j["Status"]!.GetValue<string>() == "FAILED" && !parents.Contains(j["JobId"]!.GetValue<string>())));
    }

    private static string DimensionNames(string totalsKey) => string.Join(',', totalsKey.Split(',').Select(pair => pair.Split('=')[0]));

    private static Dictionary<string, string> DashboardQueries()
    {
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.InRepo("dashboards"), "*.json"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var widgets = JsonNode.Parse(File.ReadAllText(file))!["widgets"]!.AsArray();
            for (var i = 0; i < widgets.Count; i++)
            {
                if (widgets[i]!["properties"]?["query"] is JsonValue query)
                {
                    queries[$"{name}-w{i + 1}"] = query.GetValue<string>();
                }
            }
        }

        return queries;
    }

    private static int? Limit(string query) =>
        Regex.Match(query, @"\|\s*limit\s+(\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static bool IsLedgerField(List<JsonObject> ledger, string name) => ledger.Any(j => j.ContainsKey(name));

    private static string? Field(JsonObject job, string name) => Cell(job[name]);

    private static string? Cell(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null
        ? null
        : node.GetValueKind() == JsonValueKind.Number ? node.GetValue<double>().ToString(CultureInfo.InvariantCulture) : node.ToJsonString().Trim('"');
}
