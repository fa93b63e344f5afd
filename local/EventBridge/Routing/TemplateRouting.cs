using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;
using BatchRuntimeMonitor.Local.EventBridge.Templates;

namespace BatchRuntimeMonitor.Local.EventBridge.Routing;

/// <summary>
/// What the template wires together, for replaying events locally: every EventBridge rule with its compiled
/// pattern and state machine targets, the state machines' definition files and resolved substitutions, the
/// functions, queues and tables. Resources whose Condition is false are left out, as CloudFormation would.
/// </summary>
public sealed class TemplateRouting
{
    private readonly RuleIndex _index;

    /// <summary>Each route as a list of one: what most events match, handed out without a list per event.</summary>
    private readonly IReadOnlyList<EventRoute>[] _alone;

    private TemplateRouting(CloudFormationTemplate template, IntrinsicResolver resolver)
    {
        Template = template;
        var included = Included(template, resolver);
        StateMachines = StateMachinesOf(included, template, resolver);
        Functions = [.. included.Where(r => r.Type == ResourceTypes.SamFunction).Select(r => ReadFunction(r, template))];
        QueueLogicalIds = [.. included.Where(r => r.Type == ResourceTypes.SqsQueue).Select(r => r.LogicalId)];
        TableLogicalIds = [.. included.Where(r => r.Type is ResourceTypes.DynamoDbTable or ResourceTypes.SamSimpleTable).Select(r => r.LogicalId)];
        Routes = [.. RulesOf(included, resolver), .. SamEventRulesOf(included, resolver)];
        _index = new RuleIndex(Routes);
        _alone = [.. Routes.Select(route => (IReadOnlyList<EventRoute>)[route])];
    }

    public CloudFormationTemplate Template { get; }

    public IReadOnlyList<EventRoute> Routes { get; }

    public IReadOnlyList<StateMachineDefinition> StateMachines { get; }

    public IReadOnlyList<FunctionDefinition> Functions { get; }

    public IReadOnlyList<string> QueueLogicalIds { get; }

    public IReadOnlyList<string> TableLogicalIds { get; }

    /// <param name="localValues">See <see cref="IntrinsicResolver"/>: logical id -> local Ref value (queue URL,
    /// table name), "Id.Attribute" -> local GetAtt value.</param>
    public static TemplateRouting Load(
        string templatePath,
        IReadOnlyDictionary<string, string> localValues,
        IReadOnlyDictionary<string, string>? parameterValues = null) =>
        From(CloudFormationTemplate.Load(templatePath), localValues, parameterValues);

    public static TemplateRouting From(
        CloudFormationTemplate template,
        IReadOnlyDictionary<string, string> localValues,
        IReadOnlyDictionary<string, string>? parameterValues = null) =>
        new(template, template.CreateResolver(localValues, parameterValues));

    /// <summary>
    /// The template's state machines alone, their definition files and resolved substitutions, without compiling a
    /// rule: for a command that runs one definition (`brm sfn run`), not a replay.
    /// </summary>
    public static IReadOnlyList<StateMachineDefinition> StateMachinesOf(
        CloudFormationTemplate template,
        IReadOnlyDictionary<string, string> localValues,
        IReadOnlyDictionary<string, string>? parameterValues = null)
    {
        var resolver = template.CreateResolver(localValues, parameterValues);
        return StateMachinesOf(Included(template, resolver), template, resolver);
    }

    /// <summary>The enabled routes whose pattern matches the event, in template order.</summary>
    public IEnumerable<EventRoute> RoutesFor(JsonNode @event)
    {
        // Written out and parsed once for all the rules, not once per rule.
        return RoutesFor(@event is JsonObject ? EventElement.Of(@event) : default);
    }

    /// <summary>The enabled routes whose pattern matches the parsed event, in template order.</summary>
    /// <remarks>Only the rules the event's "source" and "detail-type" allow are matched (<see cref="RuleIndex"/>).</remarks>
    public IReadOnlyList<EventRoute> RoutesFor(JsonElement @event) => RoutesFor(@event, default);

    /// <summary>
    /// The enabled routes whose pattern matches the parsed event, in template order, reading its "source",
    /// "detail-type" and "detail" from <paramref name="top"/> when a pass over its members found them: the replay's path.
    /// </summary>
    public IReadOnlyList<EventRoute> RoutesFor(JsonElement @event, in TopLevelMembers top)
    {
        var first = -1;
        List<EventRoute>? several = null;
        foreach (var index in _index.Candidates(@event, top))
        {
            // The index holds enabled rules only.
            if (!Routes[index].Pattern.Matches(@event, top))
            {
                continue;
            }

            if (first < 0)
            {
                first = index;
            }
            else
            {
                (several ??= [Routes[first]]).Add(Routes[index]);
            }
        }

        // Most events match one rule and a fifth none: no list for those.
        return several ?? (first < 0 ? [] : _alone[first]);
    }

    public StateMachineDefinition StateMachine(string logicalId) =>
        StateMachines.FirstOrDefault(s => s.LogicalId == logicalId)
        ?? throw new KeyNotFoundException($"no state machine {logicalId} in the template");

    private IEnumerable<EventRoute> RulesOf(IEnumerable<TemplateResource> resources, IntrinsicResolver resolver)
    {
        foreach (var rule in resources.Where(r => r.Type == ResourceTypes.EventsRule))
        {
            var properties = rule.Properties;
            if (properties["EventPattern"] is not { } patternNode)
            {
                continue; // a scheduled rule: no events to match
            }

            var patternJson = PatternObject(resolver.Resolve(patternNode), rule.LogicalId);
            var state = properties["State"] is { } s ? resolver.ResolveString(s) : "ENABLED";
            var targets = new List<RouteTarget>();
            foreach (var target in (properties["Targets"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (FindStateMachine(TargetReference.LogicalId(target["Arn"])) is { } stateMachine)
                {
                    targets.Add(new RouteTarget(
                        OptionalText(target["Id"], resolver),
                        stateMachine,
                        resolver.Resolve(target["RetryPolicy"]) as JsonObject,
                        resolver.Resolve(target["DeadLetterConfig"]) as JsonObject,
                        OptionalText(target["InputPath"], resolver),
                        ParseInput(OptionalText(target["Input"], resolver))));
                }
            }

            yield return new EventRoute(
                rule.LogicalId,
                null,
                state.StartsWith("ENABLED", StringComparison.Ordinal),
                OptionalText(properties["EventBusName"], resolver),
                patternJson,
                Compile(patternJson, rule.LogicalId),
                targets);
        }
    }

    private IEnumerable<EventRoute> SamEventRulesOf(IEnumerable<TemplateResource> resources, IntrinsicResolver resolver)
    {
        foreach (var resource in resources.Where(r => r.Type == ResourceTypes.SamStateMachine))
        {
            foreach (var (eventName, node) in resource.Properties["Events"] as JsonObject ?? [])
            {
                var type = node?["Type"]?.GetValue<string>();
                if (type is not ("EventBridgeRule" or "CloudWatchEvent") || node!["Properties"] is not JsonObject properties)
                {
                    continue;
                }

                var ruleId = resource.LogicalId + eventName;
                var patternJson = PatternObject(resolver.Resolve(properties["Pattern"]), ruleId);
                var enabled = properties["State"] is { } state
                    ? resolver.ResolveString(state).StartsWith("ENABLED", StringComparison.Ordinal)
                    : properties["Enabled"]?.GetValueKind() != JsonValueKind.False;
                var target = new RouteTarget(
                    OptionalText(properties["Target"]?["Id"], resolver),
                    StateMachine(resource.LogicalId),
                    resolver.Resolve(properties["RetryPolicy"]) as JsonObject,
                    resolver.Resolve(properties["DeadLetterConfig"]) as JsonObject,
                    OptionalText(properties["InputPath"], resolver),
                    ParseInput(OptionalText(properties["Input"], resolver)));
                yield return new EventRoute(
                    ruleId,
                    eventName,
                    enabled,
                    OptionalText(properties["EventBusName"], resolver),
                    patternJson,
                    Compile(patternJson, ruleId),
                    [target]);
            }
        }
    }

    private StateMachineDefinition? FindStateMachine(string? logicalId) =>
        logicalId is null ? null : StateMachines.FirstOrDefault(s => s.LogicalId == logicalId);

    /// <summary>The resources CloudFormation would create: those without a Condition or whose Condition is true.</summary>
    private static List<TemplateResource> Included(CloudFormationTemplate template, IntrinsicResolver resolver) =>
        template.Resources.Where(r => r.Condition is null || resolver.EvaluateCondition(r.Condition)).ToList();

    private static List<StateMachineDefinition> StateMachinesOf(IEnumerable<TemplateResource> included, CloudFormationTemplate template, IntrinsicResolver resolver) =>
        [.. included.Where(r => ResourceTypes.IsStateMachine(r.Type)).Select(r => ReadStateMachine(r, template, resolver))];

    private static StateMachineDefinition ReadStateMachine(TemplateResource resource, CloudFormationTemplate template, IntrinsicResolver resolver)
    {
        var uri = resource.Properties["DefinitionUri"] is JsonValue u && u.GetValueKind() == JsonValueKind.String ? u.GetValue<string>() : null;
        var substitutions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in resource.Properties["DefinitionSubstitutions"] as JsonObject ?? [])
        {
            try
            {
                substitutions[name] = resolver.ResolveString(value);
            }
            catch (UnresolvableIntrinsicException e)
            {
                throw new UnresolvableIntrinsicException($"{resource.LogicalId}.DefinitionSubstitutions.{name}: {e.Message}");
            }
        }

        var path = uri is null ? null : Path.GetFullPath(Path.Combine(template.Directory, uri));
        return new StateMachineDefinition(resource.LogicalId, resource.Type, uri, path, substitutions);
    }

    private static FunctionDefinition ReadFunction(TemplateResource resource, CloudFormationTemplate template)
    {
        // SAM lets Globals.Function supply any of these for every function.
        string? Setting(string name) =>
            (resource.Properties[name] ?? template.Globals["Function"]?[name]) is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? v.GetValue<string>()
                : null;

        var codeUri = Setting("CodeUri");
        var codePath = codeUri is null ? null : Path.GetFullPath(Path.Combine(template.Directory, codeUri));
        return new FunctionDefinition(resource.LogicalId, Setting("Handler"), codeUri, codePath, Setting("Runtime"));
    }

    /// <summary>CloudFormation accepts EventPattern as an object or as a JSON string.</summary>
    private static JsonObject PatternObject(JsonNode? pattern, string ruleId) => pattern switch
    {
        JsonObject obj => obj,
        JsonValue text when text.GetValueKind() == JsonValueKind.String => JsonNode.Parse(text.GetValue<string>()) as JsonObject
            ?? throw new EventPatternException($"{ruleId}: EventPattern string is not a JSON object"),
        _ => throw new EventPatternException($"{ruleId}: EventPattern is missing or not an object"),
    };

    private static EventPattern Compile(JsonObject pattern, string ruleId)
    {
        try
        {
            return EventPattern.Parse(pattern);
        }
        catch (EventPatternException e)
        {
            throw new EventPatternException($"rule {ruleId}: {e.Message}", e);
        }
    }

    private static string? OptionalText(JsonNode? node, IntrinsicResolver resolver) => node is null ? null : resolver.ResolveString(node);

    private static JsonNode? ParseInput(string? input) => input is null ? null : JsonNode.Parse(input);
}
