namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>The live state of one compute environment: its RUNNABLE jobs in arrival order and its instances.</summary>
internal sealed class ComputeEnvironmentState(ComputeEnvironmentSpec spec, string account, string region)
{
    public ComputeEnvironmentSpec Spec { get; } = spec;

    public string ClusterArn { get; } = $"arn:aws:ecs:{region}:{account}:cluster/{spec.ClusterName}";

    public string Arn { get; } = $"arn:aws:batch:{region}:{account}:compute-environment/{spec.Name}";

    public LinkedList<SimJob> Waiting { get; } = new();

    /// <summary>Registered, not draining: where new tasks may go.</summary>
    public List<SimInstance> Active { get; } = [];

    public int InstanceCount { get; set; }

    public int LaunchingVcpus { get; set; }

    public int FargateTasksRunning { get; set; }

    public bool PassScheduled { get; set; }

    public bool AutoScalingGroupCreated { get; set; }

    /// <summary>Where the next first-fit scan starts, so placements spread over instances instead of piling on the first.</summary>
    public int ScanStart { get; set; }
}
