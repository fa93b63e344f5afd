using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// aws-sdk:autoscaling:* calls, recorded as (action, parameters) and answered with {}. A test can make calls for a
/// given AutoScalingGroupName fail with a named error (e.g. "AutoScaling.AutoScalingException").
/// </summary>
public sealed class AutoScalingRecorder
{
    private readonly List<AutoScalingCall> _calls = [];
    private readonly Dictionary<string, (string Error, string Cause)> _failures = new(StringComparer.Ordinal);

    public IReadOnlyList<AutoScalingCall> Calls => _calls;

    /// <summary>Every later call naming this group fails with the given error name and cause.</summary>
    public void FailFor(string autoScalingGroupName, string error, string cause) => _failures[autoScalingGroupName] = (error, cause);

    internal static bool Handles(ResourceArn arn) => arn.IsSdkIntegration && arn.Service == "autoscaling";

    internal JsonNode Invoke(ResourceArn arn, TaskInvocation invocation)
    {
        // Kept after the execution: a copy of its own, independent of the input's parsed document.
        var parameters = invocation.Parameters?.DeepClone();
        _calls.Add(new AutoScalingCall(arn.Action, parameters));
        if (JsonValues.TryGetString(parameters?["AutoScalingGroupName"], out var group) && _failures.TryGetValue(group, out var failure))
        {
            throw new StatesErrorException(failure.Error, failure.Cause);
        }

        return new JsonObject();
    }
}

/// <summary>One recorded Auto Scaling API call.</summary>
public sealed record AutoScalingCall(string Action, JsonNode? Parameters);
