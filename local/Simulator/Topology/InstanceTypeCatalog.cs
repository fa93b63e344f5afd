namespace BatchRuntimeMonitor.Local.Simulator;

internal static class InstanceTypeCatalog
{
    public static readonly InstanceTypeSpec M5Large = new("m5.large", 2, 7680, "x86_64");
    public static readonly InstanceTypeSpec C5Xlarge = new("c5.xlarge", 4, 7488, "x86_64");
    public static readonly InstanceTypeSpec R52xlarge = new("r5.2xlarge", 8, 63328, "x86_64");
    public static readonly InstanceTypeSpec M6gLarge = new("m6g.large", 2, 7680, "arm64");
    public static readonly InstanceTypeSpec C7gXlarge = new("c7g.xlarge", 4, 7484, "arm64");
    public static readonly InstanceTypeSpec M6g2xlarge = new("m6g.2xlarge", 8, 31604, "arm64");
}
