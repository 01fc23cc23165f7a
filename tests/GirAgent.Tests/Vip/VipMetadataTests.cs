using GirAgent.Vip;

namespace GirAgent.Tests.Vip;

public sealed class VipMetadataTests
{
    [Fact]
    public void Every_IPaddr2_parameter_is_declared_so_pcs_accepts_an_existing_configuration()
    {
        string[] ipaddr2 =
        [
            "ip", "nic", "cidr_netmask", "broadcast", "iflabel", "lvs_support", "lvs_ipv6_addrlabel", "lvs_ipv6_addrlabel_value",
            "mac", "clusterip_hash", "unique_clone_address", "arp_interval", "arp_count", "arp_count_refresh", "arp_bg",
            "arp_sender", "send_arp_opts", "flush_routes", "run_arping", "nodad", "noprefixroute", "preferred_lft", "network_namespace",
        ];
        var names = VipMetadata.Create().Parameters.Select(p => p.Name).ToList();

        Assert.Empty(ipaddr2.Except(names));
        Assert.Contains("monitor_link", names);
        Assert.Contains("check_conflict", names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void Ip_is_the_one_required_and_unique_parameter()
    {
        var metadata = VipMetadata.Create();

        Assert.Equal(["ip"], metadata.Parameters.Where(p => p.Required).Select(p => p.Name));
        Assert.Equal(["ip"], metadata.Parameters.Where(p => p.Unique).Select(p => p.Name));
    }

    [Fact]
    public void The_actions_are_IPaddr2s()
    {
        Assert.Equal(["start", "stop", "status", "monitor", "meta-data", "validate-all"], VipMetadata.Create().Actions.Select(a => a.Name));
    }

    [Fact]
    public void Announcer_instructions_survive_the_environment()
    {
        var spec = new VipAgent.AnnounceSpec(3, System.Net.IPAddress.Parse("2001:db8::5"), 4, 123456789012, 200);

        Assert.Equal(spec, VipAgent.AnnounceSpec.Parse(VipAgent.AnnounceSpec.Format(spec)));
        Assert.Null(VipAgent.AnnounceSpec.Parse("index=3;ip=nope"));
    }
}
