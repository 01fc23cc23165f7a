using System.Net;
using GirAgent.Net;
using static GirAgent.Tests.Vip.VipTestContext;

namespace GirAgent.Tests.Vip;

public sealed class ArpAndNeighborAdvertisementTests
{
    private static readonly byte[] Mac = Hex("c28a1efb0507");
    private static readonly IPAddress Ip = IPAddress.Parse("10.9.0.1");

    // the ARP part of the frames resource-agents' send_arp sent for 10.9.0.1 from c2:8a:1e:fb:05:07 (captured on a veth)
    private const string SendArpRequest = "0001080006040001c28a1efb05070a0900010000000000000a090001";
    private const string SendArpReply = "0001080006040002c28a1efb05070a090001c28a1efb05070a090001";

    [Fact]
    public void The_gratuitous_request_is_byte_for_byte_the_one_send_arp_sends()
    {
        Assert.Equal(SendArpRequest, Convert.ToHexString(ArpPacket.GratuitousRequest(Mac, Ip).ToBytes()).ToLowerInvariant());
    }

    [Fact]
    public void The_gratuitous_reply_is_byte_for_byte_the_one_send_arp_sends()
    {
        Assert.Equal(SendArpReply, Convert.ToHexString(ArpPacket.GratuitousReply(Mac, Ip).ToBytes()).ToLowerInvariant());
    }

    [Fact]
    public void The_probe_asks_for_the_address_from_0_0_0_0_as_RFC_5227_says()
    {
        Assert.Equal("0001080006040001c28a1efb0507000000000000000000000a090001",
            Convert.ToHexString(ArpPacket.Probe(Mac, Ip).ToBytes()).ToLowerInvariant());
    }

    [Fact]
    public void A_packet_parses_back_to_what_was_built()
    {
        var packet = ArpPacket.GratuitousReply(Mac, Ip);

        var parsed = ArpPacket.Parse(packet.ToBytes())!;

        Assert.Equal(ArpPacket.Reply, parsed.Operation);
        Assert.Equal(Mac, parsed.SenderMac);
        Assert.Equal(Ip, parsed.SenderIp);
        Assert.Equal(Mac, parsed.TargetMac);
        Assert.Equal(Ip, parsed.TargetIp);
        Assert.Equal("c2:8a:1e:fb:05:07", parsed.SenderMacText);
    }

    [Theory]
    [InlineData("0001080006040001c28a1e")]                                           // short
    [InlineData("0006080006040001c28a1efb05070a0900010000000000000a090001")]          // IEEE 802 hardware
    [InlineData("000186dd06040001c28a1efb05070a0900010000000000000a090001")]          // not IPv4
    public void Other_than_Ethernet_IPv4_ARP_is_not_parsed(string hex)
    {
        Assert.Null(ArpPacket.Parse(Hex(hex)));
    }

    [Fact]
    public void A_reply_from_another_host_for_the_address_is_a_conflict()
    {
        var other = Hex("22:8b:15:85:3f:fb");
        // the kernel's answer to a probe: a reply from the holder, sender IP the address, target 0.0.0.0
        var reply = new ArpPacket(ArpPacket.Reply, other, Ip, Mac, IPAddress.Any);

        Assert.True(reply.ShowsConflictFor(Ip, Mac));
    }

    [Fact]
    public void Another_host_probing_for_the_same_address_is_a_conflict()
    {
        Assert.True(ArpPacket.Probe(Hex("22:8b:15:85:3f:fb"), Ip).ShowsConflictFor(Ip, Mac));
    }

    [Fact]
    public void For_the_holder_only_another_holder_counts_not_a_node_probing_before_it_adds_the_address()
    {
        var other = Hex("22:8b:15:85:3f:fb");

        Assert.True(new ArpPacket(ArpPacket.Reply, other, Ip, Mac, IPAddress.Any).ShowsHolderOf(Ip, Mac));
        Assert.True(ArpPacket.GratuitousRequest(other, Ip).ShowsHolderOf(Ip, Mac));
        // the other node's start asking first: it hears this holder's answer and refuses; it holds nothing
        Assert.False(ArpPacket.Probe(other, Ip).ShowsHolderOf(Ip, Mac));
        Assert.False(ArpPacket.GratuitousRequest(Mac, Ip).ShowsHolderOf(Ip, Mac));
    }

    [Fact]
    public void Our_own_packets_and_traffic_about_other_addresses_are_no_conflict()
    {
        var other = Hex("22:8b:15:85:3f:fb");

        Assert.False(ArpPacket.Probe(Mac, Ip).ShowsConflictFor(Ip, Mac));
        Assert.False(ArpPacket.GratuitousRequest(Mac, Ip).ShowsConflictFor(Ip, Mac));
        Assert.False(ArpPacket.GratuitousRequest(other, IPAddress.Parse("10.9.0.2")).ShowsConflictFor(Ip, Mac));
        // someone asking who has the address (a normal request from its own IP) is not a claim on it
        Assert.False(new ArpPacket(ArpPacket.Request, other, IPAddress.Parse("10.9.0.2"), new byte[6], Ip).ShowsConflictFor(Ip, Mac));
    }

    [Fact]
    public void The_neighbour_advertisement_is_unsolicited_with_override_and_the_target_link_layer_address()
    {
        var na = Icmpv6NeighborAdvertisement.Build(IPAddress.Parse("2001:db8:9::50"), Hex("0630bd081338"));

        // the ICMPv6 part of what the agent sent on a veth (checksum zero here: the kernel fills it in)
        Assert.Equal("88000000" + "20000000" + "20010db8000900000000000000000050" + "0201" + "0630bd081338",
            Convert.ToHexString(na).ToLowerInvariant());
    }

    [Fact]
    public void Socket_addresses_have_the_kernel_layout()
    {
        Assert.Equal("110008060300000000000006FFFFFFFFFFFF0000", Convert.ToHexString(RawSocketAddress.LinkLayer(3, 0x0806, ArpPacket.BroadcastMac)));
        Assert.Equal("0A00000000000000FF020000000000000000000000000001" + "05000000",
            Convert.ToHexString(RawSocketAddress.Inet6(IPAddress.Parse("ff02::1"), 5)));
    }
}
