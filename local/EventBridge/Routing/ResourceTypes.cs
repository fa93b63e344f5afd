namespace BatchRuntimeMonitor.Local.EventBridge.Routing;

/// <summary>The CloudFormation/SAM resource types the local routing cares about.</summary>
public static class ResourceTypes
{
    public const string EventsRule = "AWS::Events::Rule";
    public const string SamStateMachine = "AWS::Serverless::StateMachine";
    public const string StepFunctionsStateMachine = "AWS::StepFunctions::StateMachine";
    public const string SamFunction = "AWS::Serverless::Function";
    public const string SqsQueue = "AWS::SQS::Queue";
    public const string DynamoDbTable = "AWS::DynamoDB::Table";
    public const string SamSimpleTable = "AWS::Serverless::SimpleTable";

    public static bool IsStateMachine(string type) => type is SamStateMachine or StepFunctionsStateMachine;
}
