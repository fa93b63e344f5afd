using System.Text.Json;

namespace BatchRuntimeMonitor.Tests.Simulator;

/// <summary>How the tests name an event: its detail-type, or the CloudTrail eventName for "AWS API Call via CloudTrail".</summary>
internal static class EventKinds
{
    public static string Of(JsonElement e)
    {
        var detailType = e.GetProperty("detail-type").GetString()!;
        return detailType == "AWS API Call via CloudTrail" ? e.GetProperty("detail").GetProperty("eventName").GetString()! : detailType;
    }

    public static readonly string[] All =
    [
        "Batch Job State Change",
        "Batch Job Queue Blocked",
        "ECS Task State Change",
        "ECS Container Instance State Change",
        "SubmitJob",
        "RunTask",
        "RegisterContainerInstance",
        "DeregisterContainerInstance",
        "CreateAutoScalingGroup",
    ];
}
