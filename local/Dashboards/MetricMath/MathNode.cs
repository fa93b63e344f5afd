namespace BatchRuntimeMonitor.Local.Dashboards.MetricMath;

/// <summary>Syntax tree of a CloudWatch metric math expression.</summary>
public abstract record MathNode;

public sealed record NumberNode(double Value) : MathNode;

public sealed record TextNode(string Value) : MathNode;

/// <summary>A reference to another row of the widget by its id (m1, e1, ...), or a bare word such as REPEAT.</summary>
public sealed record ReferenceNode(string Id) : MathNode;

public sealed record CallNode(string Function, IReadOnlyList<MathNode> Arguments) : MathNode;

public sealed record BinaryNode(string Operator, MathNode Left, MathNode Right) : MathNode;

public sealed record UnaryNode(string Operator, MathNode Operand) : MathNode;
