using static BatchRuntimeMonitor.Tests.EventBridge.Patterns.PatternAssert;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

public class NumericAndCidrTests
{
    [Theory]
    [InlineData("['=',5]", "5", true)]
    [InlineData("['=',5]", "5.0", true)]
    [InlineData("['=',5]", "5.1", false)]
    [InlineData("['=',3.018e2]", "301.8", true)]
    [InlineData("['<',10]", "9.99", true)]
    [InlineData("['<',10]", "10", false)]
    [InlineData("['<=',10]", "10", true)]
    [InlineData("['>',0]", "0", false)]
    [InlineData("['>',0]", "0.0001", true)]
    [InlineData("['>=',0]", "0", true)]
    [InlineData("['>=',0]", "-1", false)]
    [InlineData("['>',0,'<=',5]", "5", true)]
    [InlineData("['>',0,'<=',5]", "0", false)]
    [InlineData("['>',0,'<=',5]", "5.5", false)]
    [InlineData("['>=',-5,'<',-1]", "-5", true)]
    [InlineData("['<',5,'>',1]", "3", true)]
    [InlineData("['>',0]", "'5'", false)]
    [InlineData("['>',0]", "[-1,3]", true)]
    [InlineData("['>',0]", "[-1,-3]", false)]
    public void Numeric(string operands, string value, bool expected) =>
        Matches($"{{'n':[{{'numeric':{operands}}}]}}", $"{{'n':{value}}}").Should().Be(expected);

    [Theory]
    [InlineData("10.0.0.0/24", "10.0.0.33", true)]
    [InlineData("10.0.0.0/24", "10.0.1.1", false)]
    [InlineData("10.0.0.0/8", "10.255.1.1", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.1.128/25", "192.168.1.200", true)]
    [InlineData("192.168.1.128/25", "192.168.1.100", false)]
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    [InlineData("10.0.0.7", "10.0.0.7", true)]
    [InlineData("10.0.0.7/32", "10.0.0.8", false)]
    [InlineData("2001:db8::/32", "2001:db8:1::5", true)]
    [InlineData("2001:db8::/32", "2001:db9::5", false)]
    [InlineData("10.0.0.0/24", "not-an-ip", false)]
    [InlineData("10.0.0.0/24", "::ffff:10.0.0.1", false)]
    public void Cidr(string block, string address, bool expected) =>
        Matches($"{{'ip':[{{'cidr':'{block}'}}]}}", $"{{'ip':'{address}'}}").Should().Be(expected);
}
