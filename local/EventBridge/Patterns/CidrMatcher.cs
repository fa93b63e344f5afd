using System.Net;
using System.Net.Sockets;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>{"cidr": "10.0.0.0/24"} (IPv4 or IPv6): the event string must be an address inside the block.</summary>
internal sealed class CidrMatcher : ValueMatcher
{
    private readonly byte[] _network;
    private readonly int _prefixLength;
    private readonly AddressFamily _family;

    public CidrMatcher(string cidr, string path)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? cidr : cidr[..slash];
        if (!IPAddress.TryParse(addressText, out var address))
        {
            throw new EventPatternException($"{path}: \"{cidr}\" is not a CIDR block");
        }

        _family = address.AddressFamily;
        _network = address.GetAddressBytes();
        var maxBits = _network.Length * 8;
        _prefixLength = maxBits;
        if (slash >= 0 && (!int.TryParse(cidr.AsSpan(slash + 1), out _prefixLength) || _prefixLength < 0 || _prefixLength > maxBits))
        {
            throw new EventPatternException($"{path}: \"{cidr}\" has an invalid prefix length");
        }
    }

    public override bool Matches(LeafValue value)
    {
        if (!value.IsString || !IPAddress.TryParse(value.Utf8(), out var address) || address.AddressFamily != _family)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written) || written != _network.Length)
        {
            return false;
        }

        var fullBytes = _prefixLength / 8;
        if (!bytes[..fullBytes].SequenceEqual(_network.AsSpan(0, fullBytes)))
        {
            return false;
        }

        var remainingBits = _prefixLength % 8;
        if (remainingBits == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - remainingBits));
        return (bytes[fullBytes] & mask) == (_network[fullBytes] & mask);
    }
}
