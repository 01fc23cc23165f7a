using System.Globalization;
using System.Text;
using GirAgent.Httpd;

namespace GirAgent.Tenants;

/// <summary>
/// Writes the seed's httpd configuration, corrected, from a <see cref="TenantsConfig"/>: one
/// <c>loadbalancer_tenantN.conf</c> per tenant and <c>loadbalancer_common.conf</c> (ProxyStatus and
/// the restricted status page). Pure: the same configuration always gives the same bytes.
/// </summary>
/// <remarks>
/// What the seed got wrong and what is written instead:
/// <list type="bullet">
/// <item>every <c>&lt;Proxy&gt;</c> is closed and holds only BalancerMember and ProxySet; ProxyPass and
/// ProxyPassReverse follow it at server level (mod_status lists only server-level balancers and those
/// of the virtual host that answers);</item>
/// <item>the route cookie header and ProxyPassReverseCookiePath sit in a <c>&lt;Location&gt;</c> of the
/// tenant's paths: at server level they would apply to every tenant's responses;</item>
/// <item>the status page uses Apache 2.4 <c>Require</c>, never Order/Allow/Deny.</item>
/// </list>
/// </remarks>
internal static class TenantsRenderer
{
    public const string CommonFileName = "loadbalancer_common.conf";

    /// <summary>The first line of every rendered file: how render and import recognise files girlb wrote.</summary>
    public const string Marker = "# Written by 'giragent tenants render'";

    public static IReadOnlyList<RenderedFile> Render(TenantsConfig config)
    {
        var files = new List<RenderedFile> { new(CommonFileName, RenderCommon(config)) };
        files.AddRange(config.Tenants.OrderBy(t => t.Number).Select(t => new RenderedFile(t.FileName, RenderTenant(t, config.Tls))));
        return files;
    }

    public static string RenderCommon(TenantsConfig config)
    {
        var w = new Writer();
        w.Line($"{Marker} from the tenants file: do not edit,");
        w.Line("# change the tenants file and render again (docs/tenants.md).");
        w.Line("# Settings every tenant's balancers need.");
        w.Line();
        w.Line("# server-status lists every balancer and member (ProxyBalancer[i]... lines); girlb's monitor and");
        w.Line("# 'giragent status' read them. Only this host and the monitoring addresses may read the page.");
        w.Line("ProxyStatus On");
        w.Line("ExtendedStatus On");
        w.Line($"<Location {Quote(config.Status.Path)}>");
        w.Line("    SetHandler server-status");
        w.Line("    Require local");
        foreach (var allow in config.Status.Allow) w.Line($"    Require ip {allow}");
        w.Line("</Location>");
        return w.ToString();
    }

    public static string RenderTenant(Tenant tenant, TlsSettings tls)
    {
        var w = new Writer();
        w.Line($"{Marker} from the tenants file: do not edit,");
        w.Line("# change the tenants file and render again (docs/tenants.md).");
        w.Line($"# Tenant {tenant.Id}: public paths under {tenant.Prefix}. Balancers are defined at server level so that");
        w.Line("# server-status lists them whichever virtual host answers.");
        if (tenant.Services.Any(s => s.IsTls))
        {
            w.Line();
            w.Line("# https members: mod_ssl talks TLS to them");
            w.Line("SSLProxyEngine on");
            if (tls.Verify is { } verify) w.Line($"SSLProxyVerify {verify}");
            if (tls.CaFile is { } ca) w.Line($"SSLProxyCACertificateFile {Quote(ca)}");
            if (tls.CheckPeerName is { } name) w.Line($"SSLProxyCheckPeerName {(name ? "on" : "off")}");
            if (tls.CheckPeerExpire is { } expire) w.Line($"SSLProxyCheckPeerExpire {(expire ? "on" : "off")}");
        }
        foreach (var service in tenant.Services)
        {
            w.Line();
            RenderService(w, tenant, service);
        }
        return w.ToString();
    }

    private static void RenderService(Writer w, Tenant tenant, ServiceConfig service)
    {
        w.Line($"# {service.Service.LongName()}{Describe(service)}");
        w.Line($"<Proxy {Quote(service.Balancer)}>");
        foreach (var member in service.Members)
        {
            var sb = new StringBuilder("    BalancerMember ").Append(Quote(member.Url));
            if (service.DisableReuse) sb.Append(" disablereuse=On");
            if (service.ConnectionTimeoutMs is { } ms) sb.Append(" connectiontimeout=").Append(ms.ToString(CultureInfo.InvariantCulture)).Append("ms");
            if (member.Route is { } route) sb.Append(" route=").Append(route);
            var status = (member.HotStandby ? "+H" : "") + member.State switch
            {
                MemberState.Drain => "+N",
                MemberState.Disabled => "+D",
                _ => "",
            };
            if (status.Length > 0) sb.Append(" status=").Append(status);
            w.Line(sb.ToString());
        }
        var set = new List<string>();
        if (service.StickySession is { } sticky) set.Add("stickysession=" + sticky);
        if (service.TimeoutSeconds is { } timeout) set.Add("timeout=" + timeout.ToString(CultureInfo.InvariantCulture));
        if (set.Count > 0) w.Line("    ProxySet " + string.Join(' ', set));
        w.Line("</Proxy>");
        foreach (var path in service.Paths)
        {
            var target = Quote(service.Balancer + path.Backend);
            w.Line($"ProxyPass {Quote(tenant.Prefix + path.Public)} {target}");
            w.Line($"ProxyPassReverse {Quote(tenant.Prefix + path.Public)} {target}");
        }
        // per-path settings in a Location of the tenant's own paths, never at server level
        foreach (var path in service.Paths)
        {
            var lines = new List<string>();
            if (service.Service == TenantService.Rws && service.StickySession is { } cookie)
                lines.Add($"Header add Set-Cookie \"{cookie.Split('|')[0]}=.%{{BALANCER_WORKER_ROUTE}}e; path={tenant.Prefix}\" env=BALANCER_ROUTE_CHANGED");
            if (service.Service == TenantService.Rcs)
                lines.Add($"ProxyPassReverseCookiePath {Quote(path.Backend)} {Quote(tenant.Prefix + path.Public)}");
            if (lines.Count == 0) continue;
            w.Line($"<Location {Quote(tenant.Prefix + path.Public)}>");
            foreach (var line in lines) w.Line("    " + line);
            w.Line("</Location>");
        }
    }

    private static string Describe(ServiceConfig service)
    {
        var notes = new List<string>();
        if (service.StickySession is { } sticky) notes.Add("sticky on " + sticky);
        if (service.Service == TenantService.Rcs) notes.Add("routes are the RCS application names");
        if (service.Service == TenantService.Rp) notes.Add("no hot standby");
        if (service.Members.Any(m => m.HotStandby)) notes.Add("status=+H marks the hot standby");
        return notes.Count == 0 ? "" : ": " + string.Join(", ", notes);
    }

    private static string Quote(string value) => "\"" + value + "\"";

    private sealed class Writer
    {
        private readonly StringBuilder _sb = new();
        public void Line(string text = "") => _sb.Append(text).Append('\n');
        public override string ToString() => _sb.ToString();
    }
}
