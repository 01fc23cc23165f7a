using System.Net;
using GirAgent.Vip;
using static GirAgent.Tests.Vip.VipTestContext;

namespace GirAgent.Tests.Vip;

public sealed class VipSettingsTests
{
    [Theory]
    [InlineData("192.168.144.2", "192.168.144.2")]
    [InlineData("10.0.0.1", "10.0.0.1")]
    [InlineData("127.0.0.3", "127.0.0.3")]
    [InlineData("2001:db8:1234::2", "2001:db8:1234::2")]
    [InlineData("2001:DB8::A", "2001:db8::a")]
    [InlineData("fe80::2", "fe80::2")]
    public void A_valid_address_is_read(string text, string expected)
    {
        var settings = Settings(("ip", text), ("nic", "eth0"));

        Assert.Empty(settings.ConfigurationErrors);
        Assert.Equal(IPAddress.Parse(expected), settings.Ip);
    }

    [Theory]
    [InlineData("not_ip_address")]
    [InlineData("10.1")]
    [InlineData("1")]
    [InlineData("256.1.1.1")]
    [InlineData("10.0.0.01")]
    [InlineData("0.1.2.3")]
    [InlineData("224.0.0.1")]
    [InlineData("10.0.0.1/24")]
    [InlineData("2001:db8::1/64")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[2001:db8::1]")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("ff02::1")]
    [InlineData("2001:db8:::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void An_invalid_address_is_a_configuration_error_naming_it(string text)
    {
        var settings = Settings(("ip", text));

        Assert.Null(settings.Ip);
        var error = Assert.Single(settings.ConfigurationErrors);
        Assert.Contains($"'{text}'", error);
    }

    [Theory]
    [InlineData("::ffff:10.0.0.1", "IPv4-mapped IPv6 address (::ffff:a.b.c.d), which no interface holds: give the IPv4 address 10.0.0.1 itself")]
    [InlineData("::1", "is the loopback address")]
    [InlineData("224.0.0.1", "is a multicast address")]
    [InlineData("10.0.0.1/24", "give the address in ip and the prefix length in cidr_netmask")]
    [InlineData("fe80::1%eth0", "give the interface in nic")]
    public void An_invalid_address_is_told_what_is_wrong_with_it(string text, string said)
    {
        Assert.Contains(said, Assert.Single(Settings(("ip", text)).ConfigurationErrors));
    }

    [Theory]
    [InlineData("10.0.0.0", "24", "is the network address of 10.0.0.0/24")]
    [InlineData("10.0.0.255", "24", "is the broadcast address of 10.0.0.0/24")]
    [InlineData("192.168.4.0", "22", "is the network address of 192.168.4.0/22")]
    [InlineData("192.168.7.255", "22", "is the broadcast address of 192.168.4.0/22")]
    public void A_vip_on_its_subnets_network_or_broadcast_address_is_refused(string ip, string prefix, string said)
    {
        Assert.Contains(said, Assert.Single(Settings(("ip", ip), ("cidr_netmask", prefix)).ConfigurationErrors));
    }

    [Theory]
    [InlineData("10.0.0.0", "31")]
    [InlineData("10.0.0.1", "31")]
    [InlineData("10.0.0.255", "32")]
    [InlineData("10.0.0.254", "24")]
    public void Point_to_point_and_host_prefixes_have_no_network_or_broadcast_address_to_avoid(string ip, string prefix)
    {
        Assert.Empty(Settings(("ip", ip), ("cidr_netmask", prefix)).ConfigurationErrors);
    }

    [Fact]
    public void A_missing_address_is_a_configuration_error()
    {
        var settings = Settings();

        Assert.Equal(["ip is required"], settings.ConfigurationErrors);
    }

    [Fact]
    public void Defaults_follow_IPaddr2_and_turn_the_new_checks_on()
    {
        var settings = Settings(("ip", "10.0.0.5"));

        Assert.Null(settings.Nic);
        Assert.Null(settings.Prefix);
        Assert.Equal(BroadcastMode.Auto, settings.BroadcastMode);
        Assert.Equal(5, settings.ArpCount);
        Assert.Equal(200, settings.ArpIntervalMs);
        Assert.Equal(0, settings.ArpCountRefresh);
        Assert.Null(settings.PreferredLifetime);
        Assert.False(settings.NoPrefixRoute);
        Assert.True(settings.MonitorLink);
        Assert.True(settings.CheckConflict);
        Assert.Equal(50, settings.ConflictTimeoutMs);
        Assert.Empty(settings.Warnings);
    }

    [Theory]
    [InlineData("24", 24)]
    [InlineData("1", 1)]
    [InlineData("32", 32)]
    [InlineData("255.255.255.0", 24)]
    [InlineData("255.255.0.0", 16)]
    [InlineData("255.255.255.255", 32)]
    public void Cidr_netmask_takes_a_prefix_length_or_a_dotted_quad(string text, int expected)
    {
        var settings = Settings(("ip", "10.0.0.5"), ("cidr_netmask", text));

        Assert.Empty(settings.ConfigurationErrors);
        Assert.Equal(expected, settings.Prefix);
        Assert.Equal(text.Contains('.'), settings.Warnings.Any(w => w.Contains("CIDR")));
    }

    [Theory]
    [InlineData("10.0.0.5", "not_netmask")]
    [InlineData("10.0.0.5", "0")]
    [InlineData("10.0.0.5", "33")]
    [InlineData("10.0.0.5", "255.0.255.0")]
    [InlineData("10.0.0.5", "-1")]
    [InlineData("10.0.0.5", "0024")]
    [InlineData("2001:db8::5", "129")]
    [InlineData("2001:db8::5", "255.255.255.0")]
    public void An_invalid_netmask_is_a_configuration_error(string ip, string mask)
    {
        var settings = Settings(("ip", ip), ("cidr_netmask", mask));

        Assert.Contains(settings.ConfigurationErrors, e => e.StartsWith("cidr_netmask", StringComparison.Ordinal));
    }

    [Fact]
    public void The_legacy_netmask_parameter_is_read_as_cidr_netmask()
    {
        Assert.Equal(16, Settings(("ip", "10.0.0.5"), ("netmask", "16")).Prefix);
    }

    [Theory]
    [InlineData("-", BroadcastMode.None, null)]
    [InlineData("+", BroadcastMode.Auto, null)]
    [InlineData("192.168.144.255", BroadcastMode.Explicit, "192.168.144.255")]
    public void Broadcast_is_an_address_or_plus_or_minus(string text, BroadcastMode mode, string? address)
    {
        var settings = Settings(("ip", "192.168.144.2"), ("broadcast", text));

        Assert.Empty(settings.ConfigurationErrors);
        Assert.Equal(mode, settings.BroadcastMode);
        Assert.Equal(address is null ? null : IPAddress.Parse(address), settings.Broadcast);
    }

    [Theory]
    [InlineData("not_broadcast")]
    [InlineData("192.168.144")]
    [InlineData("2001:db8::ff")]
    public void An_invalid_broadcast_is_a_configuration_error(string text)
    {
        var settings = Settings(("ip", "192.168.144.2"), ("broadcast", text));

        Assert.Contains(settings.ConfigurationErrors, e => e.StartsWith("broadcast", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("eth0", "eth0", null)]
    [InlineData("eth0:iflabel", "eth0", "iflabel")]
    [InlineData("bond0.100", "bond0.100", null)]
    public void Nic_takes_the_deprecated_label_form(string text, string nic, string? label)
    {
        var settings = Settings(("ip", "10.0.0.5"), ("nic", text));

        Assert.Empty(settings.ConfigurationErrors);
        Assert.Equal(nic, settings.Nic);
        Assert.Equal(label, settings.IfLabel);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("eth 0")]
    [InlineData("averyveryverylongname")]
    public void An_invalid_nic_is_a_configuration_error(string text)
    {
        Assert.Contains(Settings(("ip", "10.0.0.5"), ("nic", text)).ConfigurationErrors, e => e.StartsWith("nic", StringComparison.Ordinal));
    }

    [Fact]
    public void A_label_longer_than_the_kernel_allows_is_refused()
    {
        var settings = Settings(("ip", "10.0.0.5"), ("nic", "eth0"), ("iflabel", "waytoolongx"));

        Assert.Contains(settings.ConfigurationErrors, e => e.Contains("15 characters"));
    }

    [Fact]
    public void A_link_local_IPv6_address_needs_a_nic()
    {
        Assert.Contains(Settings(("ip", "fe80::2")).ConfigurationErrors, e => e.Contains("nic is required"));
        Assert.Empty(Settings(("ip", "fe80::2"), ("nic", "eth0")).ConfigurationErrors);
    }

    [Theory]
    [InlineData("arp_count", "0")]
    [InlineData("arp_count", "x")]
    [InlineData("arp_interval", "0")]
    [InlineData("arp_interval", "-5")]
    [InlineData("arp_count_refresh", "-1")]
    [InlineData("conflict_timeout", "1")]
    [InlineData("preferred_lft", "")]
    [InlineData("preferred_lft", "soon")]
    [InlineData("monitor_link", "maybe")]
    [InlineData("check_conflict", "2")]
    [InlineData("noprefixroute", "perhaps")]
    [InlineData("lvs_support", "true")]
    [InlineData("unique_clone_address", "yes")]
    [InlineData("network_namespace", "blue")]
    public void Out_of_range_or_unsupported_values_are_configuration_errors(string name, string value)
    {
        var settings = Settings(("ip", "2001:db8::5"), (name, value));

        Assert.Contains(settings.ConfigurationErrors, e => e.Contains(name));
    }

    [Theory]
    [InlineData("forever", null)]
    [InlineData("0", 0u)]
    [InlineData("3600", 3600u)]
    [InlineData("60sec", 60u)]
    public void Preferred_lft_is_forever_or_seconds(string text, uint? expected)
    {
        var settings = Settings(("ip", "2001:db8::5"), ("preferred_lft", text));

        Assert.Empty(settings.ConfigurationErrors);
        Assert.Equal(expected, settings.PreferredLifetime);
    }

    [Fact]
    public void New_parameters_are_read()
    {
        var settings = Settings(("ip", "10.0.0.5"), ("monitor_link", "false"), ("check_conflict", "no"), ("conflict_timeout", "250"),
            ("arp_count", "3"), ("arp_interval", "100"), ("arp_count_refresh", "2"), ("noprefixroute", "true"));

        Assert.Empty(settings.ConfigurationErrors);
        Assert.False(settings.MonitorLink);
        Assert.False(settings.CheckConflict);
        Assert.Equal(250, settings.ConflictTimeoutMs);
        Assert.Equal(3, settings.ArpCount);
        Assert.Equal(100, settings.ArpIntervalMs);
        Assert.Equal(2, settings.ArpCountRefresh);
        Assert.True(settings.NoPrefixRoute);
    }

    [Fact]
    public void IPaddr2_parameters_without_effect_are_accepted_with_a_warning()
    {
        var settings = Settings(("ip", "10.0.0.5"), ("arp_sender", "send_arp"), ("send_arp_opts", "-A"), ("flush_routes", "true"),
            ("run_arping", "true"), ("arp_bg", "true"), ("lvs_support", "false"), ("mystery", "1"));

        Assert.Empty(settings.ConfigurationErrors);
        Assert.Equal(6, settings.Warnings.Count);
        Assert.Contains(settings.Warnings, w => w.Contains("'arp_sender'") && w.Contains("ignored"));
        Assert.Contains(settings.Warnings, w => w.Contains("unknown parameter 'mystery'"));
    }

    [Fact]
    public void A_cloned_resource_is_refused()
    {
        var context = new GirAgent.Ocf.OcfContext("start", new Dictionary<string, string>
        {
            ["OCF_RESKEY_ip"] = "10.0.0.5",
            ["OCF_RESKEY_CRM_meta_clone_max"] = "2",
        });

        Assert.Contains(VipSettings.From(context, VipMetadata.Create()).ConfigurationErrors, e => e.Contains("CLUSTERIP"));
    }

    [Theory]
    [InlineData("192.168.144.2", 24, "192.168.144.255")]
    [InlineData("192.168.144.2", 16, "192.168.255.255")]
    [InlineData("192.168.144.2", 28, "192.168.144.15")]
    [InlineData("10.1.2.3", 8, "10.255.255.255")]
    [InlineData("10.1.2.3", 1, "127.255.255.255")]
    [InlineData("10.1.2.3", 30, "10.1.2.3")]
    [InlineData("10.1.2.4", 30, "10.1.2.7")]
    [InlineData("10.1.2.4", 31, null)]
    [InlineData("10.1.2.4", 32, null)]
    [InlineData("2001:db8::1", 64, null)]
    public void The_broadcast_address_is_computed_from_the_prefix(string ip, int prefix, string? expected)
    {
        Assert.Equal(expected is null ? null : IPAddress.Parse(expected), VipSettings.ComputeBroadcast(IPAddress.Parse(ip), prefix));
    }

    [Theory]
    [InlineData("0.0.0.0", 0)]
    [InlineData("128.0.0.0", 1)]
    [InlineData("255.255.255.252", 30)]
    [InlineData("255.255.255.1", null)]
    [InlineData("0.255.255.255", null)]
    public void Dotted_quad_masks_convert_to_prefix_lengths_when_contiguous(string mask, int? expected)
    {
        Assert.Equal(expected, VipSettings.DottedQuadToPrefix(mask));
    }
}
