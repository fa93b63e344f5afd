namespace BatchRuntimeMonitor.Local.Simulator;

internal static class JobDefinitionCatalog
{
    private const string Registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

    public static readonly JobDefinitionSpec EtlTransform = new("etl-transform", 7, 2, 3072, 240, 1.0, 0.04, 0.5, 3, $"{Registry}/etl:2026.11", ["python", "-m", "etl.transform", "Ref::date"]);
    public static readonly JobDefinitionSpec ImageResize = new("image-resize", 3, 1, 1024, 45, 0.8, 0.02, 0.2, 2, $"{Registry}/image-resize:latest", ["resize", "--all"]);
    public static readonly JobDefinitionSpec GenomicsAlign = new("genomics-align", 12, 4, 15000, 1800, 0.9, 0.06, 0.6, 1, $"{Registry}/bwa-mem2:2.2.1", ["align.sh"]);
    public static readonly JobDefinitionSpec MlTrain = new("ml-train", 5, 4, 7000, 3600, 0.6, 0.05, 0.4, 2, $"{Registry}/trainer:v5", ["python", "train.py"]);
    public static readonly JobDefinitionSpec ReportRender = new("report-render", 2, 1, 2048, 90, 0.7, 0.02, 0.3, 1, $"{Registry}/report-render:1.4", ["render"]);
    public static readonly JobDefinitionSpec NightlyBackup = new("nightly-backup", 1, 1, 2048, 600, 0.5, 0.01, 0.0, 2, $"{Registry}/backup:stable", ["backup.sh"]);

    /// <summary>Asks for more than any instance type offers, so Batch reports its queue blocked (see README).</summary>
    public static readonly JobDefinitionSpec HugeMemorySim = new("huge-memory-sim", 1, 64, 500000, 3600, 0.1, 0.0, 0.0, 1, $"{Registry}/sim:latest", ["simulate"]);
}
