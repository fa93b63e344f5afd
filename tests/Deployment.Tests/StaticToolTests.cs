using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Tests.Deployment.Support;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Deployment;

/// <summary>cfn-lint and aws-sam-translator over template.yaml, offline; IAM checked on SAM's output.</summary>
public sealed class StaticToolTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CfnLint_ShouldReportNothing()
    {
        if (ToolMissing("cfn-lint"))
        {
            return;
        }

        var result = await ProcessRunner.RunAsync("cfn-lint", ["--format", "parseable", "template.yaml"], RepositoryPaths.Root);
        (result.StandardOutput + result.StandardError).Trim().Should().BeEmpty("cfn-lint findings (errors, warnings and informational) must be fixed or explained in the template's Metadata:\n" + result);
        result.ExitCode.Should().Be(0, result.ToString());
    }

    [Fact]
    public async Task SamTranslator_ShouldTranslateTheTemplate()
    {
        var translated = await TranslateAsync();
        if (translated is null)
        {
            return;
        }

        var resources = translated["Resources"]!.AsObject();
        resources.Count(r => (string?)r.Value!["Type"] == "AWS::StepFunctions::StateMachine").Should().Be(6);
        resources.Count(r => (string?)r.Value!["Type"] == "AWS::Lambda::Function").Should().Be(4);
        resources.Count(r => (string?)r.Value!["Type"] == "AWS::Lambda::EventSourceMapping").Should().Be(4);
    }

    [Fact]
    public async Task Iam_ShouldGrantNoWildcardActionsAndNoFullAccessPolicies()
    {
        var translated = await TranslateAsync();
        if (translated is null)
        {
            return;
        }

        var problems = new List<string>();
        foreach (var (id, resource) in translated["Resources"]!.AsObject())
        {
            Walk(resource!, id, problems);
        }

        problems.Should().BeEmpty();
    }

    private static void Walk(JsonNode node, string where, List<string> problems)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    if (key == "ManagedPolicyArns" && child is JsonArray arns)
                    {
                        problems.AddRange(arns.Select(a => a!.ToJsonString()).Where(a => a.Contains("FullAccess", StringComparison.Ordinal)).Select(a => $"{where}: managed policy {a}"));
                    }

                    if (key == "Action" && o.ContainsKey("Effect") && (string?)o["Effect"] == "Allow")
                    {
                        var actions = child is JsonArray list ? list.Select(x => (string?)x) : [(string?)child];
                        problems.AddRange(actions.Where(a => a == "*" || (a?.EndsWith(":*", StringComparison.Ordinal) ?? false)).Select(a => $"{where}: Allow {a}"));
                    }

                    if (child is not null)
                    {
                        Walk(child, where, problems);
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (child is not null)
                    {
                        Walk(child, where, problems);
                    }
                }

                break;
        }
    }

    private async Task<JsonObject?> TranslateAsync()
    {
        if (ToolMissing("python3"))
        {
            return null;
        }

        var script = Path.Combine(RepositoryPaths.InRepo("tests", "Deployment.Tests", "tools", "sam_translate.py"));
        var result = await ProcessRunner.RunAsync("python3", [script, "template.yaml"], RepositoryPaths.Root);
        if (result.ExitCode != 0 && result.StandardError.Contains("No module named 'samtranslator'", StringComparison.Ordinal) && !MotoServer.IsCi)
        {
            output.WriteLine("SKIPPED: aws-sam-translator is not installed (pip install aws-sam-translator)");
            return null;
        }

        result.ExitCode.Should().Be(0, result.ToString());
        return JsonNode.Parse(result.StandardOutput)!.AsObject();
    }

    private bool ToolMissing(string tool)
    {
        if (MotoServer.FindOnPath(tool) is not null)
        {
            return false;
        }

        if (MotoServer.IsCi)
        {
            throw new InvalidOperationException($"CI=true but {tool} is not on PATH");
        }

        output.WriteLine($"SKIPPED: {tool} is not on PATH");
        return true;
    }
}
