namespace BatchRuntimeMonitor.Local.EventBridge.Templates;

/// <summary>
/// Local stand-ins for the !GetAtt attributes that are only ARNs or names derived from what !Ref gives (or the
/// logical id), so a caller need not list every queue's ARN: rule dead-letter configs and IAM statements
/// reference them constantly. An explicit "LogicalId.Attribute" local value always wins.
/// </summary>
internal static class DerivedAttributes
{
    /// <param name="name">The resource's local name: the last path segment of its !Ref value, or its logical id.</param>
    public static string? Derive(string type, string attribute, string name, string? refValue, PseudoParameters p)
    {
        var regional = $"arn:{p.Partition}:{{0}}:{p.Region}:{p.AccountId}:{{1}}";
        return (type, attribute) switch
        {
            ("AWS::SQS::Queue", "Arn") => string.Format(null, regional, "sqs", name),
            ("AWS::SQS::Queue", "QueueName") => name,
            ("AWS::SQS::Queue", "QueueUrl") => refValue ?? $"https://sqs.{p.Region}.{p.UrlSuffix}/{p.AccountId}/{name}",
            ("AWS::DynamoDB::Table" or "AWS::Serverless::SimpleTable", "Arn") => string.Format(null, regional, "dynamodb", $"table/{name}"),
            ("AWS::Serverless::StateMachine" or "AWS::StepFunctions::StateMachine", "Arn") => string.Format(null, regional, "states", $"stateMachine:{name}"),
            ("AWS::Serverless::StateMachine" or "AWS::StepFunctions::StateMachine", "Name") => name,
            ("AWS::Events::Rule", "Arn") => string.Format(null, regional, "events", $"rule/{name}"),
            ("AWS::Serverless::Function" or "AWS::Lambda::Function", "Arn") => string.Format(null, regional, "lambda", $"function:{name}"),
            ("AWS::Logs::LogGroup", "Arn") => string.Format(null, regional, "logs", $"log-group:{name}:*"),
            ("AWS::IAM::Role", "Arn") => $"arn:{p.Partition}:iam::{p.AccountId}:role/{name}",
            ("AWS::SNS::Topic", "TopicName") => name,
            ("AWS::SNS::Topic", "TopicArn") => string.Format(null, regional, "sns", name),
            ("AWS::S3::Bucket", "Arn") => $"arn:{p.Partition}:s3:::{name}",
            _ => null,
        };
    }

    public static string LocalName(string logicalId, string? refValue)
    {
        if (string.IsNullOrEmpty(refValue))
        {
            return logicalId;
        }

        // Queue URLs end in the queue name; ARNs end in the resource name after the last ':' or '/'.
        var cut = refValue.TrimEnd('/').LastIndexOfAny(['/', ':']);
        return cut < 0 ? refValue : refValue.TrimEnd('/')[(cut + 1)..];
    }
}
