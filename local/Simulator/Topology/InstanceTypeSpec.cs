namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>An EC2 instance type as ECS registers it: memory is what the agent reports, a little under the nominal size.</summary>
internal sealed record InstanceTypeSpec(string Name, int Vcpus, int RegisteredMemoryMiB, string Architecture)
{
    public string AmiId => Architecture == "arm64" ? "ami-0b1e3f8a9c2d4e6f7" : "ami-0a7c3e5d9f1b2c4a6";

    public bool Fits(JobDefinitionSpec definition) => Vcpus >= definition.Vcpus && RegisteredMemoryMiB >= definition.MemoryMiB;

    /// <summary>How many jobs of the definition an empty instance of this type holds: by vCPUs or memory, whichever runs out first.</summary>
    public int Slots(JobDefinitionSpec definition) => Math.Min(Vcpus / definition.Vcpus, RegisteredMemoryMiB / definition.MemoryMiB);
}
