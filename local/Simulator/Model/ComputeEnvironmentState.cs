namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// The live state of one compute environment: its RUNNABLE jobs in arrival order, counted per job definition
/// (the queue feeding it submits only a few), its instances and the capacity it has asked for.
/// </summary>
internal sealed class ComputeEnvironmentState
{
    public ComputeEnvironmentState(ComputeEnvironmentSpec spec, IReadOnlyList<JobDefinitionSpec> definitions, string account, string region)
    {
        Spec = spec;
        Definitions = [.. definitions];
        ClusterArn = $"arn:aws:ecs:{region}:{account}:cluster/{spec.ClusterName}";
        Arn = $"arn:aws:batch:{region}:{account}:compute-environment/{spec.Name}";
        WaitingCount = new int[Definitions.Length];
        LaunchingSlots = new int[Definitions.Length];
        MissedThisPass = new bool[Definitions.Length];
        Deficits = new int[Definitions.Length];
        FittingTypes = Definitions.Select(d => spec.InstanceTypes.Where(t => t.Fits(d)).ToArray()).ToArray();
    }

    public ComputeEnvironmentSpec Spec { get; }

    public string ClusterArn { get; }

    public string Arn { get; }

    /// <summary>The job definitions its queue submits; per-definition arrays below are indexed like this.</summary>
    public JobDefinitionSpec[] Definitions { get; }

    public LinkedList<SimJob> Waiting { get; } = new();

    /// <summary>RUNNABLE jobs per definition: the demand a scale-out covers, known without walking the queue.</summary>
    public int[] WaitingCount { get; }

    /// <summary>Definitions with at least one RUNNABLE job.</summary>
    public int WaitingDefinitions { get; set; }

    /// <summary>Jobs of each definition the instances still booting were launched for.</summary>
    public int[] LaunchingSlots { get; }

    /// <summary>Scratch for a scheduler pass: definitions that found no room in it.</summary>
    public bool[] MissedThisPass { get; }

    /// <summary>Scratch for a scale-out: jobs of each definition no instance is booting for yet.</summary>
    public int[] Deficits { get; }

    /// <summary>Instance types one job of each definition fits on.</summary>
    public InstanceTypeSpec[][] FittingTypes { get; }

    /// <summary>Registered, not draining: where new tasks may go.</summary>
    public List<SimInstance> Active { get; } = [];

    /// <summary>vCPUs of instances launched and not yet terminated: what maxvCpus bounds.</summary>
    public int InstanceVcpus { get; set; }

    public int FargateVcpusRunning { get; set; }

    public bool PassScheduled { get; set; }

    public bool AutoScalingGroupCreated { get; set; }

    public int IndexOf(JobDefinitionSpec definition)
    {
        for (var i = 0; i < Definitions.Length; i++)
        {
            if (ReferenceEquals(Definitions[i], definition))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"{definition.Name} is not submitted to the queue of {Spec.Name}");
    }
}
