namespace BatchRuntimeMonitor.Local.EventBridge.Templates;

/// <summary>An intrinsic that cannot be evaluated locally, usually because the caller gave no local value for it.</summary>
public sealed class UnresolvableIntrinsicException(string message) : InvalidOperationException(message);
