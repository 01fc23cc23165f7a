using System.Globalization;

namespace GirAgent.Tenants;

/// <summary>One service's entry from an imported balancer: its members, their parameters, the balancer's settings.</summary>
internal static partial class TenantsImporter
{
    private static ServiceEntry BuildService(State state, Balancer balancer, string prefix, TenantService service)
    {
        var entry = new ServiceEntry();
        var members = new List<(MemberEntry Entry, string Scheme, int? Port)>();
        int? connectionTimeout = null;
        bool? disableReuse = null;
        foreach (var member in balancer.Members)
        {
            if (!Uri.TryCreate(member.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                state.Defect(member.File, member.Line, $"BalancerMember {member.Url} is not an http or https URL: not imported");
                continue;
            }
            if (url.AbsolutePath is not ("/" or ""))
                state.Note(member.File, member.Line, $"BalancerMember {member.Url}: the path {url.AbsolutePath} is dropped (render appends the service's paths)");
            var m = new MemberEntry { Host = url.Host.Trim('[', ']') };
            foreach (var parameter in member.Parameters)
            {
                var eq = parameter.IndexOf('=');
                var key = eq > 0 ? parameter[..eq].ToLowerInvariant() : parameter.ToLowerInvariant();
                var value = eq > 0 ? parameter[(eq + 1)..] : "";
                switch (key)
                {
                    case "route":
                        if (service == TenantService.Rcs) m.Application = value.Replace('_', ' ');
                        else m.Route = value;
                        break;
                    case "status":
                        var flags = value.TrimStart('+', '-');
                        if (flags.Contains('H', StringComparison.OrdinalIgnoreCase) && !value.StartsWith('-'))
                        {
                            if (service == TenantService.Rp)
                                state.Defect(member.File, member.Line, "an RP member in hot standby: standby must stay off for the Recording Processor; imported without it");
                            else m.HotStandby = true;
                        }
                        if (!value.StartsWith('-'))
                        {
                            if (flags.Contains('D', StringComparison.OrdinalIgnoreCase)) m.State = MemberStates.Name(MemberState.Disabled);
                            else if (flags.Contains('N', StringComparison.OrdinalIgnoreCase)) m.State = MemberStates.Name(MemberState.Drain);
                        }
                        if (flags.Any(c => char.ToUpperInvariant(c) is not ('H' or 'N' or 'D' or '+')))
                            state.Note(member.File, member.Line, $"status={value}: only H (hot standby), N (drain) and D (disabled) are carried over");
                        break;
                    case "disablereuse":
                        disableReuse = value.Equals("on", StringComparison.OrdinalIgnoreCase);
                        break;
                    case "connectiontimeout":
                        connectionTimeout = ParseMilliseconds(value);
                        if (connectionTimeout is null) state.Note(member.File, member.Line, $"connectiontimeout={value}: not understood, not carried over");
                        break;
                    default:
                        state.Note(member.File, member.Line, $"BalancerMember parameter {parameter}: not carried over");
                        break;
                }
            }
            members.Add((m, url.Scheme, url.Port));
        }
        if (members.Count == 0)
            state.Defect(balancer.File, balancer.Line, $"{balancer.Name} has no members");

        // ports: the service's when all agree (left out when it is the seed's), else per member
        var ports = members.Select(m => m.Port).Distinct().ToList();
        if (ports.Count == 1)
        {
            if (ports[0] != service.DefaultPort()) entry.Port = ports[0];
        }
        else foreach (var m in members) m.Entry.Port = m.Port;
        var schemes = members.Select(m => m.Scheme).Distinct().ToList();
        entry.Scheme = schemes.Count == 1 ? schemes[0] : "http";
        if (schemes.Count > 1) state.Note(balancer.File, balancer.Line, $"{balancer.Name} mixes http and https members: imported as http; fix the tenants file");
        entry.Members = [.. members.Select(m => (MemberEntry?)m.Entry)];

        if (connectionTimeout is null && service.DefaultConnectionTimeoutMs() is { } defaultTimeout)
            state.Defect(balancer.File, balancer.Line, $"{balancer.Name}: members without connectiontimeout: render uses the seed's {defaultTimeout}ms");
        else if (connectionTimeout != service.DefaultConnectionTimeoutMs()) entry.ConnectionTimeoutMs = connectionTimeout;
        if (disableReuse is null && service.DefaultDisableReuse())
            state.Defect(balancer.File, balancer.Line, $"{balancer.Name}: members without disablereuse=On: render uses the seed's");
        else if ((disableReuse ?? false) != service.DefaultDisableReuse()) entry.DisableReuse = disableReuse ?? false;

        // paths: ProxyPass /tN/PUBLIC balancer://tNsvc/BACKEND (the seed's RP: /t1/rp/api -> balancer://t1rp/api)
        var paths = new List<ServicePath>();
        foreach (var mapping in state.Mappings.Where(m => string.Equals(BalancerOf(m.Target), balancer.Name, StringComparison.OrdinalIgnoreCase)))
        {
            var backend = mapping.Target[balancer.Name.Length..].TrimEnd('/');
            var pub = mapping.Public.TrimEnd('/');
            if (!TenantsValidator.IsPath(backend))
            {
                state.Defect(mapping.File, mapping.Line, $"ProxyPass {mapping.Public} {mapping.Target}: the members get no path of their own ({balancer.Name}/x expected): not carried over");
                continue;
            }
            var path = pub.StartsWith(prefix + "/", StringComparison.Ordinal) && TenantsValidator.IsPath(pub[prefix.Length..])
                ? new ServicePath(pub[prefix.Length..], backend)
                : null;
            if (path is null)
            {
                state.Defect(mapping.File, mapping.Line, $"ProxyPass {mapping.Public} {mapping.Target}: the public path is not under the tenant's prefix {prefix}: rendered as {prefix}{backend}");
                path = ServicePath.Same(backend);
            }
            if (paths.Any(p => p.Public == path.Public))
                state.Defect(mapping.File, mapping.Line, $"ProxyPass {mapping.Public} is given twice: the first one is kept (httpd uses the first match)");
            else paths.Add(path);
        }
        if (paths.Count == 0)
            state.Note(balancer.File, balancer.Line, $"no ProxyPass to {balancer.Name}: the seed's paths are used ({string.Join(", ", service.DefaultPaths().Select(p => prefix + p.Public))})");
        else if (!paths.SequenceEqual(service.DefaultPaths()))
            entry.Paths = [.. paths.Select(p => (PathEntry?)new PathEntry { Public = p.Public, Backend = p.Backend })];

        foreach (var (key, value) in balancer.Settings)
        {
            switch (key.ToLowerInvariant())
            {
                case "stickysession":
                    if (value != service.DefaultStickySession()) entry.StickySession = value;
                    break;
                case "timeout" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds):
                    entry.TimeoutSeconds = seconds;
                    break;
                case "lbmethod" when value.Equals("byrequests", StringComparison.OrdinalIgnoreCase):
                    break;
                default:
                    state.Note(balancer.File, balancer.Line, $"{balancer.Name}: {key}={value}: not carried over");
                    break;
            }
        }
        if (!balancer.Settings.ContainsKey("stickysession") && service.DefaultStickySession() is { } sticky)
            state.Defect(balancer.File, balancer.Line, $"{balancer.Name} has no stickysession: sessions would not stick; render uses the seed's {sticky}");
        if (service == TenantService.Rws && !state.RouteCookiePaths.Contains(prefix))
            state.Defect(balancer.File, balancer.Line, $"no route cookie header for {prefix} (Header add Set-Cookie \"ROUTEID=.%{{BALANCER_WORKER_ROUTE}}e; path={prefix}\"): RWS sessions would not stick; render writes it");
        if (service == TenantService.Rcs)
            foreach (var path in paths.Count > 0 ? paths : [.. service.DefaultPaths()])
                if (!state.CookiePaths.Contains(prefix + path.Public))
                    state.Defect(balancer.File, balancer.Line, $"no ProxyPassReverseCookiePath {path.Backend} {prefix}{path.Public}: RCS session cookies would carry the backend's path; render writes it");

        return entry;
    }

    private static int? ParseMilliseconds(string value)
    {
        var ms = value.EndsWith("ms", StringComparison.OrdinalIgnoreCase);
        var number = ms ? value[..^2] : value;
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
        return ms ? n : n * 1000;
    }
}
