using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace BatchRuntimeMonitor.Local.EventBridge.Templates;

/// <summary>Fn::Cidr: the first <c>count</c> consecutive subnets of <c>cidrBits</c> host bits inside a block.</summary>
internal static class CidrFunction
{
    public static IReadOnlyList<string> Subnets(string ipBlock, int count, int cidrBits)
    {
        var slash = ipBlock.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(ipBlock.AsSpan(0, slash), out var address) || !int.TryParse(ipBlock.AsSpan(slash + 1), out var prefix))
        {
            throw new UnresolvableIntrinsicException($"Fn::Cidr: \"{ipBlock}\" is not a CIDR block");
        }

        var totalBits = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        var subnetPrefix = totalBits - cidrBits;
        if (cidrBits <= 0 || subnetPrefix < prefix || count <= 0 || BigInteger.Pow(2, subnetPrefix - prefix) < count)
        {
            throw new UnresolvableIntrinsicException($"Fn::Cidr: {count} subnets of /{subnetPrefix} do not fit in {ipBlock}");
        }

        var bytes = address.GetAddressBytes();
        var hostMask = (BigInteger.One << (totalBits - prefix)) - 1;
        var network = new BigInteger(bytes, isUnsigned: true, isBigEndian: true) & ~hostMask;
        var subnets = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var start = network + (new BigInteger(i) << cidrBits);
            subnets.Add($"{ToAddress(start, bytes.Length)}/{subnetPrefix}");
        }

        return subnets;
    }

    private static IPAddress ToAddress(BigInteger value, int length)
    {
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var bytes = new byte[length];
        raw.CopyTo(bytes, length - raw.Length);
        return new IPAddress(bytes);
    }
}
