using BatchRuntimeMonitor.Local.EventBridge.Templates;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// The local stand-ins for what CloudFormation would return for !Ref and !GetAtt: queue URLs and ARNs, table names,
/// function and state machine ARNs, all named after their logical ids in a fixed local account and region.
/// </summary>
public static class LocalResourceNames
{
    public const string Region = "us-east-1";
    public const string Account = "123456789012";

    public static string QueueUrl(string logicalId) => $"https://sqs.{Region}.amazonaws.com/{Account}/{logicalId}";

    public static Dictionary<string, string> For(CloudFormationTemplate template)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in template.Resources)
        {
            var id = resource.LogicalId;
            switch (resource.Type)
            {
                case "AWS::SQS::Queue":
                    values[id] = QueueUrl(id);
                    values[id + ".Arn"] = $"arn:aws:sqs:{Region}:{Account}:{id}";
                    values[id + ".QueueName"] = id;
                    values[id + ".QueueUrl"] = QueueUrl(id);
                    break;
                case "AWS::DynamoDB::Table" or "AWS::Serverless::SimpleTable":
                    values[id] = id;
                    values[id + ".Arn"] = $"arn:aws:dynamodb:{Region}:{Account}:table/{id}";
                    break;
                case "AWS::Serverless::StateMachine" or "AWS::StepFunctions::StateMachine":
                    values[id] = $"arn:aws:states:{Region}:{Account}:stateMachine:{id}";
                    values[id + ".Arn"] = values[id];
                    values[id + ".Name"] = id;
                    break;
                case "AWS::Serverless::Function" or "AWS::Lambda::Function":
                    values[id] = id;
                    values[id + ".Arn"] = $"arn:aws:lambda:{Region}:{Account}:function:{id}";
                    break;
                case "AWS::Logs::LogGroup":
                    values[id] = id;
                    values[id + ".Arn"] = $"arn:aws:logs:{Region}:{Account}:log-group:{id}:*";
                    break;
                case "AWS::SNS::Topic":
                    values[id] = $"arn:aws:sns:{Region}:{Account}:{id}";
                    values[id + ".TopicArn"] = values[id];
                    break;
                default:
                    values[id] = id;
                    values[id + ".Arn"] = $"arn:aws:local:{Region}:{Account}:{id}";
                    break;
            }
        }

        return values;
    }
}
