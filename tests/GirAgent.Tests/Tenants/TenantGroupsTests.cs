using GirAgent.Tenants;

namespace GirAgent.Tests.Tenants;

/// <summary>"groups": tenants spread over three or more nodes, each group behind a VIP of its own.</summary>
public sealed class TenantGroupsTests
{
    private static string File(string groups, params (string Id, string? Group)[] tenants) =>
        "{ " + (groups.Length > 0 ? "\"groups\": " + groups + ", " : "") + "\"tenants\": [ " +
        string.Join(", ", tenants.Select(t => "{ \"id\": \"" + t.Id + "\"" + (t.Group is null ? "" : ", \"group\": \"" + t.Group + "\"") +
            ", \"rws\": { \"members\": [ { \"host\": \"10.0.0.31\" } ] } }")) + " ] }";

    private static IReadOnlyList<string> Errors(string text) =>
        Assert.Throws<TenantsFileException>(() => TenantsFile.Parse(text)).Errors;

    [Fact]
    public void Each_tenant_belongs_to_the_group_it_names_and_each_group_has_its_vip()
    {
        var config = TenantsFile.Parse(File("""[ { "name": "a", "vip": "10.0.0.101" }, { "name": "eu-2", "vip": "2001:db8::0010", "cidr": 64 } ]""",
            ("t1", "a"), ("t2", "eu-2"), ("t3", "a")));

        Assert.Equal([new TenantGroup("a", "10.0.0.101", null), new TenantGroup("eu-2", "2001:db8::10", 64)], config.Groups);
        Assert.Equal(["t1", "t3"], config.InGroup("a").Select(t => t.Id));
        Assert.Equal("vip-eu-2", config.Groups[1].ResourceId);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void Without_groups_nothing_changes_and_no_tenant_has_one()
    {
        var config = TenantsFile.Parse(File("", ("t1", null)));

        Assert.Empty(config.Groups);
        Assert.Null(config.Tenants[0].Group);
    }

    [Fact]
    public void A_tenant_outside_the_groups_is_refused_with_the_groups_named()
    {
        Assert.Equal(
        [
            "t1: no \"group\": with groups every tenant names its own (a, b)",
            "t2: group 'c' is not one of the groups (a, b)",
        ], Errors(File("""[ { "name": "a", "vip": "10.0.0.101" }, { "name": "b", "vip": "10.0.0.102" } ]""", ("t1", null), ("t2", "c"), ("t3", "a"), ("t4", "b"))));
        Assert.Equal(["t1: group 'a', but the file has no \"groups\" (each with its vip)"], Errors(File("", ("t1", "a"))));
    }

    [Theory]
    [InlineData("""[]""", "groups: an empty list; leave \"groups\" out for one VIP for all tenants")]
    [InlineData("""[ null ]""", "groups[0]: null is not a group")]
    [InlineData("""[ { "vip": "10.0.0.101" } ]""", "groups[0]: no \"name\" (a1, blue, eu-1: lower-case letters, digits and -)")]
    [InlineData("""[ { "name": "A;rm", "vip": "10.0.0.101" } ]""", "group A;rm: name 'A;rm' must be 1-32 lower-case letters, digits and -, starting with a letter (it names the resource vip-A;rm)")]
    [InlineData("""[ { "name": "a" } ]""", "group a: no \"vip\" (the group's virtual IP address)")]
    [InlineData("""[ { "name": "a", "vip": "10.0.0" } ]""", "group a: vip '10.0.0' is not an IP address (10.0.0.10, 2001:db8::10)")]
    [InlineData("""[ { "name": "a", "vip": "10.0.0.101/24" } ]""", "group a: vip '10.0.0.101/24' is not an IP address (10.0.0.10, 2001:db8::10)")]
    [InlineData("""[ { "name": "a", "vip": "127.0.0.1" } ]""", "group a: vip 127.0.0.1 cannot be a virtual IP (loopback, unspecified, multicast or broadcast)")]
    [InlineData("""[ { "name": "a", "vip": "224.0.0.5" } ]""", "group a: vip 224.0.0.5 cannot be a virtual IP (loopback, unspecified, multicast or broadcast)")]
    [InlineData("""[ { "name": "a", "vip": "10.0.0.101", "cidr": 33 } ]""", "group a: cidr 33 is not a prefix length for 10.0.0.101 (1-32)")]
    [InlineData("""[ { "name": "a", "vip": "10.0.0.101", "vpi": 1 } ]""", "group a: unknown key 'vpi' (did you mean 'vip'?)")]
    public void A_group_that_cannot_be_set_up_is_refused_by_name(string groups, string error)
    {
        Assert.Contains(error, Errors(File(groups, ("t1", "a"))));
    }

    [Fact]
    public void Two_groups_never_share_a_name_or_an_address()
    {
        var errors = Errors(File("""[ { "name": "a", "vip": "10.0.0.101" }, { "name": "a", "vip": "10.0.0.102" }, { "name": "b", "vip": "10.0.0.101" } ]""", ("t1", "a"), ("t2", "b")));

        Assert.Contains("group a: defined 2 times; group names must be unique", errors);
        Assert.Contains("vip 10.0.0.101 is given to groups a and b: one address, one group", errors);
    }

    [Fact]
    public void A_group_without_tenants_is_a_warning()
    {
        var config = TenantsFile.Parse(File("""[ { "name": "a", "vip": "10.0.0.101" }, { "name": "b", "vip": "10.0.0.102" } ]""", ("t1", "a")));

        Assert.Equal(["group b (10.0.0.102) has no tenant: its VIP serves nobody's DNS name yet"], config.Warnings);
    }

    [Fact]
    public void Groups_survive_a_rewrite_of_the_file()
    {
        var text = File("""[ { "name": "a", "vip": "10.0.0.101", "cidr": 24 } ]""", ("t1", "a"));

        var again = TenantsFile.Parse(TenantsFile.Serialize(TenantsFile.Deserialize(text)));

        Assert.Equal([new TenantGroup("a", "10.0.0.101", 24)], again.Groups);
        Assert.Equal("a", again.Tenants[0].Group);
    }
}
