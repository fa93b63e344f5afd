using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Naming;

namespace BatchRuntimeMonitor.Tests.Core;

public class NamesTests
{
    [Theory]
    [InlineData("spot-ce_Batch_19bef41a-8430-35fb-b7f9-c71086490373", "spot-ce")]
    [InlineData("calcloud-hst-02g-test20211104212201200000000004_Batch_19bef41a-8430-35fb-b7f9-c71086490373", "calcloud-hst-02g-test20211104212201200000000004")]
    [InlineData("my_ce_with_underscores_Batch_19bef41a-8430-35fb-b7f9-c71086490373", "my_ce_with_underscores")]
    [InlineData("AWSBatch-batch-compute-env-dev-0a95f22d-7108-3c4e-99f7-2fd92e1a8941", "batch-compute-env-dev")]
    [InlineData("AWSBatch-BatchComputeEnvironment-oHxuMlOqgBoID4mL-c14e913b-d5ac-3ed6-9f0b-bad3c2e3eea4", "BatchComputeEnvironment-oHxuMlOqgBoID4mL")]
    [InlineData("AWSBatch-ce_with_under-and-dash-c14e913b-d5ac-3ed6-9f0b-bad3c2e3eea4", "ce_with_under-and-dash")]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:cluster/AWSBatch-gpu-0a95f22d-7108-3c4e-99f7-2fd92e1a8941", "gpu")]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:cluster/gpu_Batch_0a95f22d-7108-3c4e-99f7-2fd92e1a8941", "gpu")]
    public void Compute_environment_is_recovered_from_both_Batch_cluster_name_forms(string cluster, string expected) =>
        BatchNames.ComputeEnvironmentFromCluster(cluster).Should().Be(expected);

    [Theory]
    [InlineData("default")]
    [InlineData("arn:aws:ecs:us-west-2:111122223333:cluster/FargateCluster")]
    [InlineData("AWSBatch-no-uuid-here")]
    [InlineData("AWSBatch-")]
    [InlineData("")]
    [InlineData(null)]
    public void A_cluster_Batch_did_not_create_has_no_compute_environment(string? cluster)
    {
        BatchNames.ComputeEnvironmentFromCluster(cluster).Should().BeNull();
        BatchNames.IsBatchCluster(cluster).Should().BeFalse();
    }

    [Theory]
    [InlineData("arn:aws:batch:us-east-1:123456789012:job-queue/batch-job-queue-dev", "batch-job-queue-dev")]
    [InlineData("HighPriority", "HighPriority")]
    public void Job_queue_name_is_read_from_its_arn(string arn, string expected) => BatchNames.NameFromArn(arn).Should().Be(expected);

    [Theory]
    [InlineData("arn:aws:batch:us-east-1:123456789012:job-definition/cpu-stress-test-dev:2", "cpu-stress-test-dev:2", "cpu-stress-test-dev")]
    [InlineData("arn:aws:batch:us-east-1:123456789012:job-definition/calcloud-jobdef-02g-test:44", "calcloud-jobdef-02g-test:44", "calcloud-jobdef-02g-test")]
    [InlineData("first-run-job-definition:1", "first-run-job-definition:1", "first-run-job-definition")]
    [InlineData("name-only", "name-only", "name-only")]
    [InlineData("arn:aws:batch:us-east-1:123456789012:job-definition/name-only", "name-only", "name-only")]
    public void Job_definition_keeps_the_revision_in_the_ledger_and_drops_it_for_metrics(string arn, string withRevision, string name)
    {
        BatchNames.JobDefinitionWithRevision(arn).Should().Be(withRevision);
        BatchNames.JobDefinitionName(arn).Should().Be(name);
    }

    [Fact]
    public void Cluster_is_read_from_a_new_format_container_instance_arn_but_not_from_an_old_one()
    {
        BatchNames.ClusterFromResourceArn("arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-batch-compute-env-dev-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/f711cf81b719480385a66cc3329704b1")
            .Should().Be("AWSBatch-batch-compute-env-dev-0a95f22d-7108-3c4e-99f7-2fd92e1a8941");
        BatchNames.ClusterFromResourceArn("arn:aws:ecs:us-east-1:111122223333:container-instance/b54a2a04-046f-4331-9d74-3f6d7f6ca315").Should().BeNull();
        BatchNames.ClusterFromResourceArn(null).Should().BeNull();
    }

    [Fact]
    public void Cluster_is_read_from_a_new_format_task_arn()
    {
        BatchNames.ClusterFromResourceArn("arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad").Should().Be("FargateCluster");
        BatchNames.ClusterFromResourceArn("arn:aws:ecs:us-east-1:111122223333:task/b99d40b3-5176-4f71-9a52-9dbd6f1cebef").Should().BeNull();
    }

    [Fact]
    public void Array_child_job_id_names_its_parent_and_index()
    {
        BatchNames.SplitChildJobId("4c7599ae-0a82-49aa-ba5a-4727fcce14a8:17").Should().Be(("4c7599ae-0a82-49aa-ba5a-4727fcce14a8", (int?)17, (int?)null));
    }

    [Fact]
    public void Multi_node_job_id_names_its_parent_and_node()
    {
        BatchNames.SplitChildJobId("b0814c91-61c2-4a2b-a790-44781b182ef9#1").Should().Be(("b0814c91-61c2-4a2b-a790-44781b182ef9", (int?)null, (int?)1));
    }

    [Theory]
    [InlineData("4c7599ae-0a82-49aa-ba5a-4727fcce14a8")]
    [InlineData("job:abc")]
    [InlineData("job#")]
    public void A_plain_job_id_has_no_parent(string jobId) => BatchNames.SplitChildJobId(jobId).Should().Be(((string?)null, (int?)null, (int?)null));

    [Theory]
    [InlineData("m6g.large", "arm64")]
    [InlineData("c7gn.16xlarge", "arm64")]
    [InlineData("r8g.xlarge", "arm64")]
    [InlineData("t4g.micro", "arm64")]
    [InlineData("m7gd.medium", "arm64")]
    [InlineData("a1.large", "arm64")]
    [InlineData("m5.large", "x86_64")]
    [InlineData("g5.xlarge", "x86_64")]
    [InlineData("p4d.24xlarge", "x86_64")]
    [InlineData("c5n.18xlarge", "x86_64")]
    [InlineData("inf2.xlarge", "x86_64")]
    public void Architecture_is_inferred_from_the_instance_family(string type, string expected) =>
        InstanceArchitecture.FromInstanceType(type).Should().Be(expected);

    [Fact]
    public void Architecture_of_an_unknown_instance_type_is_unknown() => InstanceArchitecture.FromInstanceType(null).Should().BeNull();

    [Theory]
    [InlineData("aarch64", "arm64")]
    [InlineData("arm64", "arm64")]
    [InlineData("x86_64", "x86_64")]
    [InlineData("amd64", "x86_64")]
    public void Reported_architecture_names_are_normalised(string reported, string expected) => InstanceArchitecture.Normalise(reported).Should().Be(expected);
}
