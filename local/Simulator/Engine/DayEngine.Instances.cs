namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>Instance lifecycle: launch, registration with ECS, idle scale-in through DRAINING to INACTIVE and deregistration.</summary>
internal sealed partial class DayEngine
{
    /// <summary>Launches an instance for the waiting jobs of one definition (an index into the environment's definitions).</summary>
    private void Launch(ComputeEnvironmentState environment, InstanceTypeSpec type, int launchedFor, int slots)
    {
        if (!environment.AutoScalingGroupCreated)
        {
            environment.AutoScalingGroupCreated = true;
            AutoScalingCalls.Write(_emit, environment, AutoScalingCalls.GroupName(environment, _ids), _now);
        }

        var instance = new SimInstance
        {
            Environment = environment,
            Type = type,
            AvailabilityZone = DayTopology.AvailabilityZones[_random.Next(DayTopology.AvailabilityZones.Length)],
            Ec2InstanceId = _ids.Ec2InstanceId(),
            ContainerInstanceArn = $"arn:aws:ecs:{_options.Region}:{_options.Account}:container-instance/{environment.Spec.ClusterName}/{_ids.Hex32()}",
            PrivateIp = _ids.PrivateIp(),
            LaunchedFor = launchedFor,
            LaunchedSlots = slots,
            FreeVcpus = type.Vcpus,
            FreeMemoryMiB = type.RegisteredMemoryMiB,
        };
        environment.InstanceVcpus += type.Vcpus;
        environment.LaunchingSlots[launchedFor] += slots;
        InstancesLaunched++;
        PeakInstances = Math.Max(PeakInstances, ++_liveInstances);
        // Boot plus ECS agent start; Spot requests take a little longer to be fulfilled.
        var bootSeconds = Between(60, 150) + (environment.Spec.IsSpot ? Between(0, 60) : 0);
        Schedule(_now + bootSeconds, new SimAction(ActionKind.InstanceRegistered, Instance: instance));
    }

    private void OnInstanceRegistered(SimInstance instance)
    {
        var environment = instance.Environment;
        instance.Registered = true;
        instance.RegisteredAtMs = _now * 1000 + _random.Next(0, 1000);
        environment.LaunchingSlots[instance.LaunchedFor] -= instance.LaunchedSlots;
        environment.Active.Add(instance);
        ContainerInstanceEvents.Write(_emit, instance, "ACTIVE", _now);
        InstanceRegistrationCalls.WriteRegister(_emit, instance, _now);
        _truth.Registered(instance);
        ScheduleIdleCheck(instance);
        RequestPass(environment);
    }

    /// <summary>Batch scales in an instance that stayed empty for a while; a later placement makes this check stale.</summary>
    private void ScheduleIdleCheck(SimInstance instance) =>
        Schedule(_now + Between(300, 600), new SimAction(ActionKind.IdleCheck, Instance: instance, Token: instance.BusyEpoch));

    private void OnIdleCheck(SimInstance instance, long token)
    {
        if (instance.Draining || instance.RunningTasks > 0 || instance.BusyEpoch != token)
        {
            return;
        }

        instance.Draining = true;
        instance.Environment.Active.Remove(instance);
        ContainerInstanceEvents.Write(_emit, instance, "DRAINING", _now);
        Schedule(_now + Between(30, 120), new SimAction(ActionKind.InstanceTerminated, Instance: instance));
    }

    private void OnInstanceTerminated(SimInstance instance)
    {
        ContainerInstanceEvents.Write(_emit, instance, "INACTIVE", _now);
        InstanceRegistrationCalls.WriteDeregister(_emit, instance, _now);
        _truth.Deregistered(instance);
        instance.Environment.InstanceVcpus -= instance.Type.Vcpus;
        _liveInstances--;
        RequestPass(instance.Environment);
    }
}
