using BatchRuntimeMonitor.Local.Brm.Hosting;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>Which invocations brm runs in a child with the JIT's call-counting delay off, and how it starts the child.</summary>
public sealed class TieringRelaunchTests
{
    private static readonly Func<string, string?> NothingSet = _ => null;

    [Theory]
    [InlineData("replay")]
    [InlineData("demo")]
    [InlineData("bench")]
    public void The_long_commands_run_in_a_child_when_the_variable_is_not_set(string command) =>
        TieringRelaunch.Applies([command, "--out", "x"], NothingSet).Should().BeTrue();

    [Theory]
    [InlineData("jobs")]
    [InlineData("cost")]
    [InlineData("sfn")]
    [InlineData("simulate")]
    [InlineData("--help")]
    public void Short_commands_and_options_run_in_this_process(string first) =>
        TieringRelaunch.Applies([first], NothingSet).Should().BeFalse();

    [Fact]
    public void No_arguments_run_in_this_process() =>
        TieringRelaunch.Applies([], NothingSet).Should().BeFalse();

    [Theory]
    [InlineData("DOTNET_TC_CallCountingDelayMs", "100")]
    [InlineData("DOTNET_TC_CallCountingDelayMs", "0")]
    [InlineData("COMPlus_TC_CallCountingDelayMs", "100")]
    public void A_value_the_user_set_is_kept_and_nothing_is_relaunched(string variable, string value) =>
        TieringRelaunch.Applies(["replay", "in"], name => name == variable ? value : null).Should().BeFalse();

    [Fact]
    public void Under_the_dotnet_host_the_child_runs_the_same_assembly_with_the_same_arguments_and_the_delay_off()
    {
        var start = TieringRelaunch.ChildStart(["replay", "my events", "--out", "out dir"], "/usr/share/dotnet/dotnet", "/app/brm.dll");

        start.FileName.Should().Be("/usr/share/dotnet/dotnet");
        start.ArgumentList.Should().Equal("/app/brm.dll", "replay", "my events", "--out", "out dir");
        start.Environment["DOTNET_TC_CallCountingDelayMs"].Should().Be("0");
        start.UseShellExecute.Should().BeFalse();
        start.RedirectStandardInput.Should().BeFalse("the child reads and writes the terminal this process was given");
        start.RedirectStandardOutput.Should().BeFalse();
        start.RedirectStandardError.Should().BeFalse();
    }

    [Fact]
    public void Under_its_own_apphost_the_child_is_the_apphost_with_the_arguments_alone()
    {
        var start = TieringRelaunch.ChildStart(["demo"], "/app/brm", "/app/brm.dll");

        start.FileName.Should().Be("/app/brm");
        start.ArgumentList.Should().Equal("demo");
    }
}
