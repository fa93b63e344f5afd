namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// A task resource ARN split into service and action, for both the optimized form
/// (arn:aws:states:::dynamodb:getItem) and the AWS SDK form (arn:aws:states:::aws-sdk:dynamodb:getItem).
/// </summary>
internal readonly record struct ResourceArn(string Service, string Action, bool IsSdkIntegration)
{
    private const string Prefix = "arn:aws:states:::";

    public static bool TryParse(string resource, out ResourceArn arn)
    {
        arn = default;
        if (!resource.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = resource[Prefix.Length..];
        var isSdk = rest.StartsWith("aws-sdk:", StringComparison.Ordinal);
        if (isSdk)
        {
            rest = rest["aws-sdk:".Length..];
        }

        // Integration patterns (.sync, .waitForTaskToken) are not supported locally; keep them in the action name.
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        arn = new ResourceArn(rest[..colon], rest[(colon + 1)..], isSdk);
        return true;
    }
}
