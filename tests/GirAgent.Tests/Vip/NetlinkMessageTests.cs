using System.Buffers.Binary;
using System.Net;
using GirAgent.Net;
using static GirAgent.Net.NetlinkConstants;
using static GirAgent.Tests.Vip.VipTestContext;

namespace GirAgent.Tests.Vip;

public sealed class NetlinkMessageTests
{
    [Fact]
    public void Adding_an_IPv4_address_encodes_ifaddrmsg_local_address_broadcast_and_label()
    {
        var bytes = NetlinkRequests.AddAddress(7, 3, IPAddress.Parse("192.168.144.2"), 24,
            new NetlinkRequests.AddOptions(Broadcast: IPAddress.Parse("192.168.144.255"), Label: "eth0:web"));

        var expected = Hex(
            "40000000 1400 0506 07000000 00000000" +   // nlmsghdr: len 64, RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE, seq 7
            "02 18 00 00 03000000" +                    // ifaddrmsg: AF_INET, /24, flags 0, scope universe, index 3
            "0800 0200 c0a89002" +                      // IFA_LOCAL
            "0800 0100 c0a89002" +                      // IFA_ADDRESS
            "0800 0400 c0a890ff" +                      // IFA_BROADCAST
            "0d00 0300 657468303a77656200 000000");     // IFA_LABEL "eth0:web\0", padded
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(bytes));
    }

    [Fact]
    public void Adding_an_IPv6_address_encodes_flags_and_the_preferred_lifetime()
    {
        var bytes = NetlinkRequests.AddAddress(1, 2, IPAddress.Parse("2001:db8::5"), 64,
            new NetlinkRequests.AddOptions(NoDad: true, NoPrefixRoute: true, PreferredLifetime: 0, Label: "ignored"));

        var expected = Hex(
            "5c000000 1400 0506 01000000 00000000" +
            "0a 40 02 00 02000000" +                                        // AF_INET6, /64, IFA_F_NODAD in the byte
            "1400 0200 20010db8000000000000000000000005" +
            "1400 0100 20010db8000000000000000000000005" +
            "1400 0600 00000000 ffffffff 00000000 00000000" +               // IFA_CACHEINFO: preferred 0, valid forever
            "0800 0800 02020000");                                          // IFA_FLAGS: NODAD|NOPREFIXROUTE
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(bytes));
    }

    [Fact]
    public void A_loopback_address_gets_host_scope_as_ip_gives_it()
    {
        var bytes = NetlinkRequests.AddAddress(1, 1, IPAddress.Parse("127.0.0.3"), 8, new NetlinkRequests.AddOptions());

        Assert.Equal(RT_SCOPE_HOST, bytes[16 + 3]);
    }

    [Fact]
    public void Deleting_an_address_names_interface_prefix_and_address()
    {
        var bytes = NetlinkRequests.DeleteAddress(9, 4, IPAddress.Parse("10.0.0.5"), 16);

        Assert.Equal(Convert.ToHexString(Hex(
            "28000000 1500 0500 09000000 00000000" +
            "02 10 00 00 04000000" +
            "0800 0200 0a000005" +
            "0800 0100 0a000005")), Convert.ToHexString(bytes));
    }

    [Fact]
    public void Dumps_and_link_requests_are_encoded()
    {
        Assert.Equal("180000001600010305000000000000000A00000000000000", Convert.ToHexString(NetlinkRequests.DumpAddresses(5, AF_INET6)));
        Assert.Equal("1C0000001A0001030600000000000000" + "020000000000000000000000", Convert.ToHexString(NetlinkRequests.DumpRoutes(6, AF_INET)));
        Assert.Equal(Convert.ToHexString(Hex(
            "2c000000 1200 0100 02000000 00000000" +
            "00 00 0000 00000000 00000000 00000000" +
            "0900 0300 6c61623000 000000")), Convert.ToHexString(NetlinkRequests.GetLink(2, "lab0")));
        Assert.Equal(Convert.ToHexString(Hex(
            "20000000 1000 0500 03000000 00000000" +
            "00 00 0000 07000000 01000000 01000000")), Convert.ToHexString(NetlinkRequests.SetLinkUp(3, 7)));
    }

    [Fact]
    public void An_address_message_decodes_with_the_32_bit_flags_and_the_label()
    {
        var message = new NetlinkMessageWriter(RTM_NEWADDR, NLM_F_MULTI, 11)
            .Bytes(Hex("02 18 80 00 05000000"))
            .Attribute(IFA_ADDRESS, Hex("c0a89002"))
            .Attribute(IFA_LOCAL, Hex("c0a89002"))
            .Attribute(IFA_BROADCAST, Hex("c0a890ff"))
            .Attribute(IFA_LABEL, "eth0:web")
            .Attribute(IFA_FLAGS, IFA_F_PERMANENT | IFA_F_NOPREFIXROUTE)
            .ToArray();

        var parsed = NetlinkParser.Messages(message);
        var address = NetlinkParser.Address(Assert.Single(parsed));

        Assert.Equal(new InterfaceAddress(5, IPAddress.Parse("192.168.144.2"), 24, IFA_F_PERMANENT | IFA_F_NOPREFIXROUTE, 0, "eth0:web", IPAddress.Parse("192.168.144.255")), address);
        Assert.Equal(11u, parsed[0].Sequence);
    }

    [Fact]
    public void A_tentative_or_dadfailed_IPv6_address_is_recognized()
    {
        var message = new NetlinkMessageWriter(RTM_NEWADDR, 0, 1)
            .Bytes(Hex("0a 40 48 00 02000000"))
            .Attribute(IFA_ADDRESS, IPAddress.Parse("2001:db8::5").GetAddressBytes())
            .ToArray();

        var address = NetlinkParser.Address(NetlinkParser.Messages(message)[0])!;

        Assert.True(address.IsTentative);
        Assert.True(address.IsDadFailed);
        Assert.Equal(IPAddress.Parse("2001:db8::5"), address.Address);
    }

    [Fact]
    public void A_link_message_decodes_name_mac_and_carrier()
    {
        var message = new NetlinkMessageWriter(RTM_NEWLINK, 0, 1)
            .Bytes(Hex("00 00 0100 03000000 43100100 00000000"))   // ARPHRD_ETHER, index 3, UP|BROADCAST|RUNNING|MULTICAST|LOWER_UP
            .Attribute(IFLA_IFNAME, "lab0")
            .Attribute(IFLA_ADDRESS, Hex("0630bd081338"))
            .Attribute(IFLA_OPERSTATE, [6])
            .ToArray();

        var link = NetlinkParser.Link(NetlinkParser.Messages(message)[0])!;

        Assert.Equal(3, link.Index);
        Assert.Equal("lab0", link.Name);
        Assert.Equal("06:30:bd:08:13:38", link.MacText);
        Assert.True(link.IsUp);
        Assert.True(link.HasCarrier);
        Assert.True(link.IsEthernet);
        Assert.Null(link.DownReason);
        Assert.Equal("link of lab0 is down (no carrier)", (link with { Flags = IFF_UP }).DownReason);
        Assert.Equal("interface lab0 is administratively down", (link with { Flags = 0 }).DownReason);
        Assert.False((link with { Flags = IFF_UP | IFF_NOARP }).IsEthernet);
    }

    [Fact]
    public void A_route_message_decodes_destination_interface_table_and_scope()
    {
        var message = new NetlinkMessageWriter(RTM_NEWROUTE, NLM_F_MULTI, 1)
            .Bytes(Hex("02 18 00 00 fe 02 fd 01 00000000"))   // AF_INET /24, table main, proto kernel, scope link, unicast, flags
            .Attribute(RTA_TABLE, 254u)
            .Attribute(RTA_DST, Hex("c0a89000"))
            .Attribute(RTA_PREFSRC, Hex("c0a89001"))
            .Attribute(RTA_OIF, 3u)
            .ToArray();

        var route = NetlinkParser.Route(NetlinkParser.Messages(message)[0]);

        Assert.Equal(new InterfaceRoute(AF_INET, RT_TABLE_MAIN, RT_SCOPE_LINK, RTN_UNICAST, IPAddress.Parse("192.168.144.0"), 24, 3, IPAddress.Parse("192.168.144.1"), null), route);
    }

    [Fact]
    public void Several_messages_in_one_buffer_are_split_and_a_truncated_one_is_dropped()
    {
        var one = new NetlinkMessageWriter(RTM_NEWADDR, NLM_F_MULTI, 1).Bytes(Hex("02 18 00 00 01000000")).Attribute(IFA_LOCAL, Hex("0a000001")).ToArray();
        var done = new NetlinkMessageWriter(NLMSG_DONE, NLM_F_MULTI, 1).Bytes(new byte[4]).ToArray();
        var buffer = one.Concat(done).Concat(one.Take(10)).ToArray();

        var messages = NetlinkParser.Messages(buffer);

        Assert.Equal([RTM_NEWADDR, NLMSG_DONE], messages.Select(m => m.Type));
    }

    [Fact]
    public void An_error_carries_the_errno_and_the_kernel_extended_ack_message()
    {
        // NLMSG_ERROR, flags CAPPED|ACK_TLVS: error -17, the echoed request header, then NLMSGERR_ATTR_MSG
        var payload = new List<byte>();
        payload.AddRange(BitConverter.GetBytes(-17));
        payload.AddRange(NetlinkRequests.DumpAddresses(1, AF_INET).Take(16));
        var text = "Address already exists\0"u8.ToArray();
        payload.AddRange(BitConverter.GetBytes((ushort)(4 + text.Length)));
        payload.AddRange(BitConverter.GetBytes(NLMSGERR_ATTR_MSG));
        payload.AddRange(text);
        while (payload.Count % 4 != 0) payload.Add(0);
        var message = new NetlinkMessageWriter(NLMSG_ERROR, 0x300, 1).Bytes(payload.ToArray()).ToArray();

        var (errno, reason) = NetlinkParser.Error(NetlinkParser.Messages(message)[0]);

        Assert.Equal(17, errno);
        Assert.Equal("Address already exists", reason);
    }

    [Fact]
    public void An_acknowledgement_is_errno_zero()
    {
        var message = new NetlinkMessageWriter(NLMSG_ERROR, 0x100, 4).Bytes(new byte[4 + 16]).ToArray();

        Assert.Equal((0, (string?)null), NetlinkParser.Error(NetlinkParser.Messages(message)[0]));
    }

    [Fact]
    public void Attribute_lengths_are_padded_to_four_bytes_and_the_header_length_is_filled_in()
    {
        var bytes = new NetlinkMessageWriter(1, 2, 3).Attribute(5, [0xAA]).ToArray();

        Assert.Equal(24, bytes.Length);
        Assert.Equal(24u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal("05000500AA000000", Convert.ToHexString(bytes.AsSpan(16)));
    }
}
