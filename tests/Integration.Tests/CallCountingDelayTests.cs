using BatchRuntimeMonitor.Local.Brm.Hosting;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>The delay `brm bench` reports is the one the runtime takes from the variable: hexadecimal, as CLRConfig reads numbers.</summary>
public sealed class CallCountingDelayTests
{
    [Theory]
    [InlineData("0", 0u)]
    [InlineData("64", 100u)]
    [InlineData("0x64", 100u)]
    [InlineData("0X64", 100u)]
    [InlineData("100", 256u)]
    [InlineData("  1a", 26u)]
    [InlineData("12ms", 18u)]
    [InlineData("FFFFFFFF", uint.MaxValue)]
    [InlineData("0x", 0u)] // strtoul reads the 0 and stops at the x
    public void A_number_is_read_as_hexadecimal_up_to_its_first_other_character(string text, uint milliseconds) =>
        CallCountingDelay.ParseMilliseconds(text).Should().Be(milliseconds);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ms")]
    public void Without_a_digit_the_runtime_keeps_its_default(string text) =>
        CallCountingDelay.ParseMilliseconds(text).Should().BeNull();

    [Fact]
    public void The_description_names_the_value_and_where_it_came_from()
    {
        CallCountingDelay.Describe(_ => null).Should().Be("100 ms (the runtime's default)");
        CallCountingDelay.Describe(Only("DOTNET_TC_CallCountingDelayMs", "0")).Should().Be("0 ms (DOTNET_TC_CallCountingDelayMs=0)");
        CallCountingDelay.Describe(Only("DOTNET_TC_CallCountingDelayMs", "100")).Should().Be("256 ms (DOTNET_TC_CallCountingDelayMs=100, read as hexadecimal)");
        CallCountingDelay.Describe(Only("COMPlus_TC_CallCountingDelayMs", "64")).Should().Be("100 ms (COMPlus_TC_CallCountingDelayMs=64, read as hexadecimal)");
        CallCountingDelay.Describe(Only("DOTNET_TC_CallCountingDelayMs", "off")).Should().Be(
            "100 ms (the runtime's default: DOTNET_TC_CallCountingDelayMs=off is not a hexadecimal number)");
    }

    [Fact]
    public void The_dotnet_spelling_wins_over_the_complus_one() =>
        CallCountingDelay.Describe(name => name.StartsWith("DOTNET_", StringComparison.Ordinal) ? "0" : "64").Should().Be("0 ms (DOTNET_TC_CallCountingDelayMs=0)");

    private static Func<string, string?> Only(string name, string value) => asked => asked == name ? value : null;
}
