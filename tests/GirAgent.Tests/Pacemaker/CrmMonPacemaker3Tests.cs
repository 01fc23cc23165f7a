using GirAgent.Pacemaker;
using static GirAgent.Tests.Pacemaker.PacemakerFixtures;

namespace GirAgent.Tests.Pacemaker;

/// <summary>
/// Pacemaker 3.0's crm_mon (Debian 13's 3.0.0, schema 2.38) rendering the same CIBs as the 2.1.5 fixtures
/// (`pacemaker-cts/*.30.xml`, made with `CIB_file=... crm_mon -1 --output-as=xml` in a Debian 13 root):
/// each must give the same cluster as its 2.1.5 rendering.
/// </summary>
public sealed class CrmMonPacemaker3Tests
{
    [Theory]
    [InlineData("out-crm_mon")]
    [InlineData("out-crm_mon-T180")]
    [InlineData("out-crm_mon-partial")]
    [InlineData("out-crm_mon-unmanaged")]
    [InlineData("out-after-dummy-monfail")]
    [InlineData("out-after-nodefail")]
    public void Pacemaker_3_renders_the_same_cluster_as_2_1(string name)
    {
        var v2 = Parse($"pacemaker-cts/{name}.2x.xml");
        var v3 = Parse($"pacemaker-cts/{name}.30.xml");

        Assert.Equal("2.38", v3.ApiVersion);
        Assert.Equal(Describe(v2), Describe(v3));
    }

    [Theory]
    [InlineData(true)] // 3.0.2: the new names beside the deprecated ones
    [InlineData(false)] // a later release: the new names only
    public void Pacemaker_3_0_2s_names_fencing_and_removed_mean_what_stonith_and_orphaned_did(bool withDeprecated)
    {
        // schemas crm_mon-2.42 (cluster_options fencing-enabled, fencing-timeout-ms) and resources-2.41 (removed)
        var text = Read("pacemaker-cts/out-crm_mon.30.xml").Replace("api-version=\"2.38\"", "api-version=\"2.42\"", StringComparison.Ordinal);
        var renamed = text
            .Replace("stonith-enabled=\"true\"", "fencing-enabled=\"false\"", StringComparison.Ordinal)
            .Replace("stonith-timeout-ms=\"60000\"", "fencing-timeout-ms=\"90000\"", StringComparison.Ordinal);
        var first = renamed.IndexOf("orphaned=\"false\"", StringComparison.Ordinal);
        renamed = renamed[..first] + "removed=\"true\"" + renamed[(first + "orphaned=\"false\"".Length)..];
        renamed = renamed.Replace("orphaned=", "removed=", StringComparison.Ordinal);
        if (withDeprecated)
            renamed = renamed.Replace("fencing-enabled=\"false\"", "fencing-enabled=\"false\" stonith-enabled=\"false\"", StringComparison.Ordinal);

        var s = CrmMonParser.Parse(renamed);

        Assert.Equal((false, 90000), (s.Summary.StonithEnabled, s.Summary.StonithTimeoutMs));
        Assert.Single(s.Resources, r => r.Orphaned); // (the resources are flat: group and clone members included)
    }

    [Fact]
    public void Sections_inside_cluster_status_are_read()
    {
        // Pacemaker 2.1.9's CLI regression output (cts/cli/regression.crm_mon.exp, --show-scores): crm_simulate's
        // <cluster_status> wrapper around the usual sections
        var s = Parse("crm_simulate/show-scores.cluster_status.219.xml");

        Assert.Equal(["cluster01", "cluster02", "httpd-bundle-0", "httpd-bundle-1", "httpd-bundle-2"], s.Nodes.Select(n => n.Name));
        Assert.Contains(s.Resources, r => r.Id == "Fencing" && r.IsStarted);
    }

    [Fact]
    public void Crm_mon_disconnected_says_what_pacemakerd_is_doing()
    {
        // what crm_mon 3.0 writes when pacemakerd answers but the CIB does not (tools/crm_mon.c, crm_mon_disconnected_xml)
        const string xml = """
            <pacemaker-result api-version="2.38" request="crm_mon --one-shot --inactive --output-as=xml --include=all">
              <crm-mon-disconnected description="Pacemaker daemons are shutting down" pacemakerd-state="shutting_down"/>
              <status code="102" message="Not connected"/>
            </pacemaker-result>
            """;

        var ex = Assert.Throws<CrmMonFormatException>(() => CrmMonParser.Parse(xml));

        Assert.Equal("crm_mon reported: Not connected: Pacemaker daemons are shutting down (pacemakerd shutting_down) (code 102)", ex.Message);
    }

    [Fact]
    public void A_CIB_Pacemaker_3_cannot_read_is_reported_with_its_words_though_crm_mon_says_OK()
    {
        // 3.0 writes <status code="0" message="OK"> with the reason in <errors> and no sections at all
        var ex = Assert.Throws<CrmMonFormatException>(() => Parse("pacemaker-cts/out-crm_mon-feature_set.30.error.xml"));

        Assert.Equal("crm_mon reported no cluster state: Could not connect to the CIB: Update does not conform to the configured schema", ex.Message);
    }
}
