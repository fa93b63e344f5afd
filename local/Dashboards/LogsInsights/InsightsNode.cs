namespace BatchRuntimeMonitor.Local.Dashboards.LogsInsights;

/// <summary>Syntax tree of a Logs Insights expression (filter conditions, fields and stats expressions).</summary>
public abstract record InsightsNode;

public sealed record LiteralNode(object? Value) : InsightsNode;

public sealed record FieldNode(string Name) : InsightsNode;

public sealed record RegexNode(string Pattern, bool IgnoreCase) : InsightsNode;

/// <summary>A duration literal such as 5m, used by bin().</summary>
public sealed record DurationNode(long Milliseconds, string Text) : InsightsNode;

public sealed record StarNode : InsightsNode;

public sealed record FunctionNode(string Name, IReadOnlyList<InsightsNode> Arguments) : InsightsNode;

public sealed record OperatorNode(string Operator, InsightsNode Left, InsightsNode Right) : InsightsNode;

public sealed record NegationNode(string Operator, InsightsNode Operand) : InsightsNode;

public sealed record ListNode(IReadOnlyList<InsightsNode> Items) : InsightsNode;
