using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// getItem / putItem / updateItem / deleteItem over <see cref="IDynamoDbTables"/>, in both the optimized form
/// (errors "DynamoDB.*", results carry SdkHttpMetadata) and the aws-sdk form (errors "DynamoDb.*", bare results).
/// </summary>
internal sealed class DynamoDbTaskInvoker(IDynamoDbTables tables, ServiceResponses responses)
{
    private const string Service = "AmazonDynamoDBv2";

    public static bool Handles(ResourceArn arn) =>
        arn.Service == "dynamodb" && arn.Action is "getItem" or "putItem" or "updateItem" or "deleteItem";

    public JsonNode Invoke(ResourceArn arn, TaskInvocation invocation) => Invoke(arn, TaskRequest.Of(invocation.Parameters), invocation.Now);

    /// <summary>The call on the request's top-level fields, however they were evaluated (<see cref="TaskRequest"/>).</summary>
    public JsonNode Invoke(ResourceArn arn, TaskRequest request, DateTimeOffset now)
    {
        var prefix = arn.IsSdkIntegration ? "DynamoDb" : "DynamoDB";
        try
        {
            var result = arn.Action switch
            {
                "getItem" => GetItem(request, prefix),
                "putItem" => PutItem(request, prefix),
                "updateItem" => UpdateItem(request, prefix),
                _ => DeleteItem(request, prefix),
            };
            return arn.IsSdkIntegration ? result : responses.WithMetadata(result, "application/x-amz-json-1.0", now);
        }
        catch (DynamoDbValidationException ex)
        {
            // The Java SDK behind optimized integrations reports validation errors as AmazonDynamoDBException.
            var errorName = arn.IsSdkIntegration ? "DynamoDbException" : "AmazonDynamoDBException";
            var error = responses.Error(prefix, "ValidationException", ex.Message, Service);
            throw new StatesErrorException($"{prefix}.{errorName}", error.Cause);
        }
    }

    private JsonObject GetItem(TaskRequest request, string prefix)
    {
        var (table, key) = TableAndKey(request, prefix);
        var item = tables.GetItem(table, key);
        if (item is null)
        {
            return [];
        }

        if (request["ProjectionExpression"] is { } projection)
        {
            item = Project(item, DefinitionReader.String(projection, table, "ProjectionExpression"), Context(request));
        }

        return new JsonObject { ["Item"] = item };
    }

    private JsonObject PutItem(TaskRequest request, string prefix)
    {
        var table = TableName(request, prefix);
        var item = request["Item"] as JsonObject ?? throw new DynamoDbValidationException("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null");
        var schema = tables.KeySchema(table)!;
        var key = new JsonObject();
        foreach (var name in schema)
        {
            key[name] = JsonValues.Clone(item[name] ?? throw new DynamoDbValidationException($"One or more parameter values were invalid: Missing the key {name} in the item"));
        }

        var old = tables.GetItem(table, key);
        CheckCondition(request, old, prefix);
        tables.PutItem(table, item);
        return ReturnOld(request, old);
    }

    private JsonObject UpdateItem(TaskRequest request, string prefix)
    {
        var (table, key) = TableAndKey(request, prefix);
        var old = tables.GetItem(table, key);
        CheckCondition(request, old, prefix);
        var updated = old is null ? (JsonObject)key.DeepClone() : (JsonObject)old.DeepClone();
        var touched = request["UpdateExpression"] is { } expression
            ? UpdateExpression.Apply(DefinitionReader.String(expression, table, "UpdateExpression"), Context(request), updated)
            : [];
        foreach (var keyName in tables.KeySchema(table)!)
        {
            if (touched.Contains(keyName))
            {
                throw new DynamoDbValidationException($"One or more parameter values were invalid: Cannot update attribute {keyName}. This attribute is part of the key");
            }
        }

        tables.PutItem(table, updated);
        var returnValues = ReturnValues(request);
        JsonObject? attributes = returnValues switch
        {
            "ALL_NEW" => updated,
            "ALL_OLD" => old,
            "UPDATED_NEW" => Only(updated, touched),
            "UPDATED_OLD" => old is null ? null : Only(old, touched),
            _ => null,
        };
        return attributes is null || attributes.Count == 0 ? [] : new JsonObject { ["Attributes"] = attributes.DeepClone() };
    }

    private JsonObject DeleteItem(TaskRequest request, string prefix)
    {
        var (table, key) = TableAndKey(request, prefix);
        var old = tables.GetItem(table, key);
        CheckCondition(request, old, prefix);
        tables.DeleteItem(table, key);
        return ReturnOld(request, old);
    }

    private static JsonObject ReturnOld(TaskRequest request, JsonObject? old)
    {
        var returnValues = ReturnValues(request);
        if (returnValues is not ("NONE" or "ALL_OLD"))
        {
            throw new DynamoDbValidationException($"ReturnValues can only be ALL_OLD or NONE for this operation, got {returnValues}");
        }

        return returnValues == "ALL_OLD" && old is not null ? new JsonObject { ["Attributes"] = old } : [];
    }

    private static string ReturnValues(TaskRequest request)
    {
        var value = JsonValues.TryGetString(request["ReturnValues"], out var text) ? text : "NONE";
        return value is "NONE" or "ALL_OLD" or "ALL_NEW" or "UPDATED_OLD" or "UPDATED_NEW"
            ? value
            : throw new DynamoDbValidationException($"1 validation error detected: Value '{value}' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
    }

    private void CheckCondition(TaskRequest request, JsonObject? existing, string prefix)
    {
        if (request["ConditionExpression"] is not { } condition)
        {
            return;
        }

        if (!ConditionExpression.Evaluate(DefinitionReader.String(condition, "DynamoDB", "ConditionExpression"), Context(request), existing))
        {
            throw responses.Error(prefix, "ConditionalCheckFailedException", "The conditional request failed", Service);
        }
    }

    private (string Table, JsonObject Key) TableAndKey(TaskRequest request, string prefix)
    {
        var table = TableName(request, prefix);
        var key = request["Key"] as JsonObject ?? throw new DynamoDbValidationException("1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null");
        if (!InMemoryDynamoDbTables.IsKeyOnly(key, tables.KeySchema(table)!))
        {
            throw new DynamoDbValidationException("The provided key element does not match the schema");
        }

        return (table, key);
    }

    private string TableName(TaskRequest request, string prefix)
    {
        var table = JsonValues.TryGetString(request["TableName"], out var name)
            ? name
            : throw new DynamoDbValidationException("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
        if (tables.KeySchema(table) is null)
        {
            // Tables that create themselves on demand learn their key from the first request.
            try
            {
                var probe = request["Key"] as JsonObject ?? request["Item"] as JsonObject;
                if (probe is not null)
                {
                    tables.GetItem(table, probe);
                }
            }
            catch (KeyNotFoundException)
            {
            }
            catch (ArgumentException)
            {
            }

            if (tables.KeySchema(table) is null)
            {
                throw responses.Error(prefix, "ResourceNotFoundException", "Requested resource not found", Service);
            }
        }

        return table;
    }

    private static ExpressionContext Context(TaskRequest request) =>
        new(request["ExpressionAttributeNames"] as JsonObject, request["ExpressionAttributeValues"] as JsonObject);

    private static JsonObject Only(JsonObject item, HashSet<string> names)
    {
        var result = new JsonObject();
        foreach (var (name, value) in item)
        {
            if (names.Contains(name))
            {
                result[name] = JsonValues.Clone(value);
            }
        }

        return result;
    }

    private static JsonObject Project(JsonObject item, string projection, ExpressionContext context)
    {
        var result = new JsonObject();
        foreach (var part in projection.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var name = context.Name(part);
            if (item.TryGetPropertyValue(name, out var value))
            {
                result[name] = JsonValues.Clone(value);
            }
        }

        return result;
    }
}
