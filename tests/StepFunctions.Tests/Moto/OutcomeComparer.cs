using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Tests.StepFunctions.Moto;

/// <summary>Asserts that moto and the local interpreter ended an execution the same way (after normalisation).</summary>
public static class OutcomeComparer
{
    public static void AssertSame(ScenarioOutcome moto, ScenarioOutcome local)
    {
        ArgumentNullException.ThrowIfNull(moto);
        ArgumentNullException.ThrowIfNull(local);
        local.Status.Should().Be(moto.Status, $"moto: {moto.Error} {moto.Cause}; local: {local.Error} {local.Cause}");
        if (moto.Status == "SUCCEEDED")
        {
            var expected = OutcomeNormaliser.Normalise(moto.Output);
            var actual = OutcomeNormaliser.Normalise(local.Output);
            JsonNode.DeepEquals(expected, actual).Should().BeTrue($"outputs differ:\n moto:  {expected?.ToJsonString()}\n local: {actual?.ToJsonString()}");
        }
        else
        {
            // Causes of States.* errors differ in wording (moto adds "(entered at the event id #N)" and prints the
            // input with Python separators), so a failed execution is compared on its error name.
            local.Error.Should().Be(moto.Error, $"moto cause: {moto.Cause}; local cause: {local.Cause}");
        }

        local.QueueBodies.Keys.Should().BeEquivalentTo(moto.QueueBodies.Keys);
        foreach (var (queue, motoBodies) in moto.QueueBodies)
        {
            var expected = new JsonArray(motoBodies.Select(OutcomeNormaliser.NormaliseBody).ToArray());
            var actual = new JsonArray(local.QueueBodies[queue].Select(OutcomeNormaliser.NormaliseBody).ToArray());
            JsonNode.DeepEquals(expected, actual).Should().BeTrue($"queue {queue} bodies differ:\n moto:  {expected.ToJsonString()}\n local: {actual.ToJsonString()}");
        }
    }
}
