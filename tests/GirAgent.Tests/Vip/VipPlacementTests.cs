using System.Net;
using GirAgent.Net;
using GirAgent.Vip;
using static GirAgent.Net.NetlinkConstants;
using static GirAgent.Tests.Vip.VipTestContext;

namespace GirAgent.Tests.Vip;

public sealed class VipPlacementTests
{
    private static readonly InterfaceLink Lo = new(1, "lo", IFF_UP | IFF_LOOPBACK | IFF_LOWER_UP, ARPHRD_LOOPBACK, new byte[6], 0);
    private static readonly InterfaceLink Eth0 = new(2, "eth0", IFF_UP | IFF_LOWER_UP, ARPHRD_ETHER, Hex("020000000002"), 6);
    private static readonly InterfaceLink Eth1 = new(3, "eth1", IFF_UP | IFF_LOWER_UP, ARPHRD_ETHER, Hex("020000000003"), 6);
    private static readonly IReadOnlyList<InterfaceLink> Links = [Lo, Eth0, Eth1];

    private static InterfaceRoute V4(string prefix, int oif, byte scope = RT_SCOPE_LINK, byte table = RT_TABLE_MAIN, byte type = RTN_UNICAST, string? via = null)
    {
        var parts = prefix.Split('/');
        return new InterfaceRoute(AF_INET, table, scope, type, IPAddress.Parse(parts[0]), int.Parse(parts[1]), oif, null, via is null ? null : IPAddress.Parse(via));
    }

    private static InterfaceRoute V6(string prefix, int oif, string? via = null)
    {
        var parts = prefix.Split('/');
        return new InterfaceRoute(AF_INET6, RT_TABLE_MAIN, RT_SCOPE_UNIVERSE, RTN_UNICAST, IPAddress.Parse(parts[0]), int.Parse(parts[1]), oif, null, via is null ? null : IPAddress.Parse(via));
    }

    private static readonly IReadOnlyList<InterfaceRoute> Routes =
    [
        new InterfaceRoute(AF_INET, RT_TABLE_MAIN, RT_SCOPE_UNIVERSE, RTN_UNICAST, null, 0, 2, null, IPAddress.Parse("192.168.144.254")),
        V4("192.168.0.0/16", 2, RT_SCOPE_UNIVERSE, via: "192.168.144.254"),
        V4("192.168.144.0/24", 2),
        V4("192.168.144.77/32", 3),
        V4("10.20.0.0/16", 3),
        V4("127.0.0.0/8", 1, RT_SCOPE_HOST, RT_TABLE_LOCAL, RTN_LOCAL),
        V4("127.0.0.1/32", 1, RT_SCOPE_HOST, RT_TABLE_LOCAL, RTN_LOCAL),
        V6("2001:db8:1234::/64", 2),
        V6("2001:db8::/32", 2, via: "fe80::1"),
        V6("fe80::/64", 2),
        V6("fe80::/64", 3),
    ];

    private static (VipPlacement? Placement, PlacementFailure? Failure) Resolve(params (string, string)[] parameters) =>
        VipPlacementResolver.Resolve(Settings(parameters), Links, () => Routes);

    [Fact]
    public void Without_nic_and_netmask_both_come_from_the_connected_route()
    {
        var (placement, failure) = Resolve(("ip", "192.168.144.2"));

        Assert.Null(failure);
        Assert.Equal("eth0", placement!.Nic);
        Assert.Equal(24, placement.Prefix);
        Assert.Equal(IPAddress.Parse("192.168.144.255"), placement.Broadcast);
    }

    [Fact]
    public void Gateway_routes_host_routes_and_default_routes_are_not_used()
    {
        Assert.NotNull(Resolve(("ip", "192.168.50.2")).Failure);
        Assert.NotNull(Resolve(("ip", "192.168.144.77"), ("nic", "eth1")).Failure);
    }

    [Fact]
    public void A_given_netmask_only_matches_routes_no_longer_than_it()
    {
        // IPaddr2v4 case 10: /16 with only a /24 route fails; case 14: /28 inside the /24 works
        Assert.False(Resolve(("ip", "192.168.144.2"), ("cidr_netmask", "16")).Failure!.NicMissing);
        var (placement, _) = Resolve(("ip", "192.168.144.2"), ("cidr_netmask", "28"));
        Assert.Equal(("eth0", 28), (placement!.Nic, placement.Prefix));
        Assert.Equal(IPAddress.Parse("192.168.144.15"), placement.Broadcast);
    }

    [Fact]
    public void A_given_nic_needs_a_route_on_that_nic_unless_the_netmask_is_given_too()
    {
        Assert.NotNull(Resolve(("ip", "192.168.144.2"), ("nic", "eth1")).Failure);
        var (placement, _) = Resolve(("ip", "192.168.144.2"), ("nic", "eth1"), ("cidr_netmask", "16"), ("broadcast", "-"));
        Assert.Equal(("eth1", 16, (IPAddress?)null), (placement!.Nic, placement.Prefix, placement.Broadcast));
    }

    [Fact]
    public void A_nic_that_does_not_exist_is_reported_as_such()
    {
        var (placement, failure) = Resolve(("ip", "192.168.144.2"), ("nic", "ethVanished"), ("cidr_netmask", "24"));

        Assert.Null(placement);
        Assert.True(failure!.NicMissing);
        Assert.True(failure.IsConfigurationError);
        Assert.Contains("ethVanished", failure.Reason);
    }

    [Fact]
    public void Loopback_addresses_fall_back_to_the_local_table()
    {
        var (placement, _) = Resolve(("ip", "127.0.0.3"));

        Assert.Equal(("lo", 8), (placement!.Nic, placement.Prefix));
    }

    [Fact]
    public void An_explicit_broadcast_is_kept_even_outside_the_prefix()
    {
        var (placement, _) = Resolve(("ip", "192.168.144.2"), ("nic", "eth1"), ("cidr_netmask", "28"), ("broadcast", "192.168.144.255"));

        Assert.Equal(IPAddress.Parse("192.168.144.255"), placement!.Broadcast);
    }

    [Fact]
    public void IPv6_uses_the_longest_connected_prefix_and_has_no_broadcast()
    {
        var (placement, _) = Resolve(("ip", "2001:db8:1234::2"));

        Assert.Equal(("eth0", 64, (IPAddress?)null), (placement!.Nic, placement.Prefix, placement.Broadcast));
        Assert.NotNull(Resolve(("ip", "2001:db8:5678::2")).Failure);
        Assert.NotNull(Resolve(("ip", "2001:db8:1234::2"), ("cidr_netmask", "48")).Failure);
        Assert.Equal(80, Resolve(("ip", "2001:db8:1234::2"), ("cidr_netmask", "80")).Placement!.Prefix);
    }

    [Fact]
    public void A_link_local_address_takes_the_route_of_its_nic()
    {
        var (placement, _) = Resolve(("ip", "fe80::2"), ("nic", "eth1"));

        Assert.Equal(("eth1", 64), (placement!.Nic, placement.Prefix));
    }

    [Fact]
    public void The_route_list_is_read_only_when_nic_or_netmask_is_missing()
    {
        var read = 0;
        var (placement, _) = VipPlacementResolver.Resolve(Settings(("ip", "10.1.1.1"), ("nic", "eth1"), ("cidr_netmask", "24")), Links, () => { read++; return Routes; });

        Assert.NotNull(placement);
        Assert.Equal(0, read);
    }

    [Theory]
    [InlineData("10.0.0.0", 8, "10.255.1.2", true)]
    [InlineData("10.0.0.0", 8, "11.0.0.1", false)]
    [InlineData("192.168.144.0", 28, "192.168.144.15", true)]
    [InlineData("192.168.144.0", 28, "192.168.144.16", false)]
    [InlineData("2001:db8::", 32, "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::", 33, "2001:db8:8000::1", false)]
    [InlineData("10.0.0.0", 8, "2001:db8::1", false)]
    public void Prefix_membership_is_bitwise(string network, int length, string ip, bool expected)
    {
        Assert.Equal(expected, VipPlacementResolver.Covers(IPAddress.Parse(network), length, IPAddress.Parse(ip)));
    }
}
