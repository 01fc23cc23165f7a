using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using GirAgent.Net;

namespace GirAgent.Tenants;

/// <summary>
/// Checks a <see cref="TenantsDocument"/> and fills in the seed's defaults. Every problem is
/// collected (not only the first), each one line that names where it is:
/// <c>t1: RCS: member 2 (10.0.0.52): ...</c>.
/// </summary>
internal static partial class TenantsValidator
{
    /// <summary>Names people use for a service: the balancer suffix (sm) and abbreviations.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["sm"] = "interaction_receiver",
        ["ir"] = "interaction_receiver",
        ["interactionreceiver"] = "interaction_receiver",
        ["dav"] = "webdav",
        ["recordings"] = "webdav",
    };

    private static readonly string[] Verifies = ["none", "optional", "require", "optional_no_ca"];

    public static TenantsConfig Validate(TenantsDocument document, string source)
    {
        var errors = new List<string>();
        var warnings = new List<string>();

        if (document.Schema is { } schema && schema != TenantsFile.SchemaName)
            errors.Add($"schema '{schema}' is not supported (this giragent reads {TenantsFile.SchemaName})");
        Unknown(document.Unknown, "", "key", ["schema", "status", "tls", "groups", "tenants"], errors);

        var status = ValidateStatus(document.Status, errors);
        var tls = ValidateTls(document.Tls, errors);
        var groups = ValidateGroups(document.Groups, errors);

        var tenants = new List<Tenant>();
        if (document.Tenants is not { Count: > 0 })
            errors.Add("no tenants: \"tenants\" must list at least one tenant");
        else
        {
            for (var i = 0; i < document.Tenants.Count; i++)
                if (ValidateTenant(document.Tenants[i], i, errors, warnings) is { } tenant) tenants.Add(tenant);
        }

        foreach (var dup in tenants.GroupBy(t => t.Id).Where(g => g.Count() > 1))
            errors.Add($"{dup.Key}: defined {dup.Count()} times; tenant ids must be unique");
        foreach (var dup in tenants.GroupBy(t => t.Prefix).Where(g => g.Count() > 1))
            errors.Add($"prefix {dup.Key} is used by {string.Join(" and ", dup.Select(t => t.Id))}");
        CheckPublicPaths(tenants, status, errors);
        CheckGroups(groups, tenants, errors, warnings);

        if (errors.Count > 0) throw new TenantsFileException(source, errors);
        return new TenantsConfig(status, tls, tenants) { Warnings = warnings, Groups = groups };
    }

    private static StatusPage ValidateStatus(StatusEntry? entry, List<string> errors)
    {
        if (entry is null) return new StatusPage(StatusPage.DefaultPath, []);
        Unknown(entry.Unknown, "status: ", "key", ["path", "allow"], errors);
        var path = entry.Path ?? StatusPage.DefaultPath;
        if (!IsPath(path)) errors.Add($"status: path '{path}' is not a URL path like /server-status");
        var allow = new List<string>();
        foreach (var item in entry.Allow ?? [])
        {
            if (item is null || !IsAddressOrNetwork(item.Trim()))
                errors.Add($"status: allow '{item}' is not an IP address or network (10.0.0.5, 10.0.0.0/24, 2001:db8::/64)");
            else if (!allow.Contains(item.Trim())) allow.Add(item.Trim());
        }
        return new StatusPage(path, allow);
    }

    private static TlsSettings ValidateTls(TlsEntry? entry, List<string> errors)
    {
        if (entry is null) return TlsSettings.Default;
        Unknown(entry.Unknown, "tls: ", "key", ["verify", "ca_file", "check_peer_name", "check_peer_expire"], errors);
        if (entry.Verify is { } verify && !Verifies.Contains(verify))
            errors.Add($"tls: verify '{verify}' is not one of {string.Join(", ", Verifies)}");
        if (entry.CaFile is { } ca && (!ca.StartsWith('/') || !ca.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '.' or '-' or '+' or '@' or ',')))
            errors.Add($"tls: ca_file '{ca}' must be an absolute path of letters, digits and / _ . - + @ , only");
        return new TlsSettings(entry.Verify, entry.CaFile, entry.CheckPeerName, entry.CheckPeerExpire);
    }

    private static Tenant? ValidateTenant(TenantEntry? entry, int index, List<string> errors, List<string> warnings)
    {
        if (entry is null)
        {
            errors.Add($"tenants[{index}]: null is not a tenant");
            return null;
        }
        var id = entry.Id?.Trim();
        var match = id is null ? null : TenantId().Match(id);
        var name = id is { Length: > 0 } ? id : $"tenants[{index}]";
        var valid = true;
        if (id is null || id.Length == 0) { errors.Add($"{name}: no \"id\" (t1, t2, ...)"); valid = false; }
        else if (match is null || !match.Success) { errors.Add($"{name}: id '{id}' is not t followed by a number (t1, t2, ... no leading zero)"); valid = false; }

        Unknown(entry.Unknown, name + ": ", "service or key",
            ["id", "prefix", "scheme", "group", .. TenantServices.All.Select(s => s.FileKey())], errors);

        var prefix = entry.Prefix?.TrimEnd('/') ?? "/" + id;
        if (entry.Prefix is not null && !IsPath(prefix))
        {
            errors.Add($"{name}: prefix '{entry.Prefix}' is not a URL path like /{id}");
            valid = false;
        }
        var scheme = entry.Scheme ?? "http";
        if (scheme is not ("http" or "https"))
        {
            errors.Add($"{name}: scheme '{scheme}' is not http or https");
            scheme = "http";
        }

        var services = new List<ServiceConfig>();
        var entries = new (TenantService Service, ServiceEntry? Entry)[]
        {
            (TenantService.Rws, entry.Rws), (TenantService.Rp, entry.Rp), (TenantService.Rcs, entry.Rcs),
            (TenantService.InteractionReceiver, entry.InteractionReceiver), (TenantService.WebDav, entry.Webdav),
        };
        foreach (var (service, serviceEntry) in entries)
        {
            if (serviceEntry is null) continue;
            var config = ValidateService(name, id ?? "", service, serviceEntry, scheme, errors, warnings);
            if (config is not null) services.Add(config);
        }
        if (entries.All(e => e.Entry is null))
            errors.Add($"{name}: no services: give at least one of {string.Join(", ", TenantServices.All.Select(s => s.FileKey()))}");

        if (!valid || match is null) return null;
        var number = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return new Tenant(id!, number, prefix, services) { Group = entry.Group?.Trim() };
    }

    private static ServiceConfig? ValidateService(string tenant, string id, TenantService service, ServiceEntry entry,
        string tenantScheme, List<string> errors, List<string> warnings)
    {
        var where = $"{tenant}: {service.DisplayName()}";
        var before = errors.Count;
        Unknown(entry.Unknown, where + ": ", "key",
            ["port", "scheme", "paths", "sticky_session", "connection_timeout_ms", "disable_reuse", "timeout_seconds", "members"], errors);

        var port = entry.Port ?? service.DefaultPort();
        if (entry.Port is { } p && p is < 1 or > 65535) errors.Add($"{where}: port {p} is not a TCP port (1-65535)");
        var scheme = entry.Scheme ?? tenantScheme;
        if (scheme is not ("http" or "https")) errors.Add($"{where}: scheme '{scheme}' is not http or https");

        var paths = new List<ServicePath>();
        if (entry.Paths is { Count: 0 }) errors.Add($"{where}: paths is empty: leave it out for the seed's ({string.Join(", ", service.DefaultPaths())})");
        foreach (var path in entry.Paths ?? [.. service.DefaultPaths().Select(p => new PathEntry { Public = p.Public, Backend = p.Backend })])
        {
            if (path is null) { errors.Add($"{where}: null is not a path"); continue; }
            if (path.Problem is { } problem) { errors.Add($"{where}: path: {problem}"); continue; }
            var pub = path.Public?.TrimEnd('/');
            var backend = path.Backend?.TrimEnd('/');
            var example = service.DefaultPaths()[0].Public;
            if (pub is null || !IsPath(pub)) errors.Add($"{where}: path '{path.Public}' is not a URL path like {example}");
            else if (backend is null || !IsPath(backend)) errors.Add($"{where}: backend path '{path.Backend}' of {pub} is not a URL path like {service.DefaultPaths()[0].Backend}");
            else if (paths.Any(p => p.Public == pub)) errors.Add($"{where}: path {pub} is listed twice");
            else paths.Add(new ServicePath(pub, backend));
        }

        var sticky = entry.StickySession ?? service.DefaultStickySession();
        if (sticky is "" or "none") sticky = null;
        if (sticky is not null && !StickyName().IsMatch(sticky))
            errors.Add($"{where}: sticky_session '{sticky}' is not a cookie name (letters, digits, _ . - and | between alternatives)");
        if (entry.ConnectionTimeoutMs is { } ct && ct is < 1 or > 3_600_000)
            errors.Add($"{where}: connection_timeout_ms {ct} is not between 1 and 3600000");
        if (entry.TimeoutSeconds is { } ts && ts is < 1 or > 86_400)
            errors.Add($"{where}: timeout_seconds {ts} is not between 1 and 86400");

        var members = new List<BalancerMemberConfig>();
        if (entry.Members is not { Count: > 0 })
            errors.Add($"{where}: no members: list at least one in \"members\"");
        else
        {
            for (var i = 0; i < entry.Members.Count; i++)
            {
                var member = ValidateMember(where, id, service, entry.Members[i], i, port, scheme, errors);
                if (member is not null) members.Add(member);
            }
            if (port is null && entry.Members.Any(m => m is { Port: null }))
                errors.Add($"{where}: no port: the seed gives none for {service.DisplayName()}; set \"port\" for the service or each member");
        }

        foreach (var dup in members.GroupBy(m => m.Url).Where(g => g.Count() > 1))
            errors.Add($"{where}: member {dup.Key} is listed {dup.Count()} times");
        foreach (var dup in members.Where(m => m.Route is not null).GroupBy(m => m.Route).Where(g => g.Count() > 1))
            errors.Add($"{where}: route {dup.Key} is used by {string.Join(" and ", dup.Select(m => m.Url))}; routes must be unique in a balancer");
        if (members.Count > 0 && members.All(m => m.HotStandby))
            errors.Add($"{where}: every member is a hot standby: at least one must take traffic");
        else if (members.Count > 0 && !members.Any(m => m.TakesNewSessions))
            warnings.Add($"{where}: no member takes new sessions (every one is drained or disabled)");
        if (service == TenantService.WebDav && members.Count > 1 && !members.Any(m => m.HotStandby))
            warnings.Add($"{where}: no hot standby: the seed keeps the second member as hot standby (\"hot_standby\": true)");

        if (errors.Count > before) return null;
        return new ServiceConfig(service, $"balancer://{id}{service.BalancerSuffix()}", scheme, paths, members, sticky,
            entry.ConnectionTimeoutMs ?? service.DefaultConnectionTimeoutMs(), entry.DisableReuse ?? service.DefaultDisableReuse(),
            entry.TimeoutSeconds);
    }

    private static BalancerMemberConfig? ValidateMember(string service, string id, TenantService kind, MemberEntry? entry, int index,
        int? servicePort, string scheme, List<string> errors)
    {
        var where = $"{service}: member {index + 1}";
        if (entry is null) { errors.Add($"{where}: null is not a member"); return null; }
        var host = entry.Host?.Trim();
        if (host is { Length: > 0 }) where += $" ({host})";
        var before = errors.Count;
        Unknown(entry.Unknown, where + ": ", "key", ["host", "port", "route", "application", "hot_standby", "state"], errors);

        if (host is null || host.Length == 0) errors.Add($"{where}: no \"host\"");
        else if (host.Trim('[', ']') is var bare && !IsHost(bare))
            errors.Add(HostLooksLikeHostPort(host)
                ? $"{where}: host '{host}' contains a port: give it as \"port\""
                : $"{where}: host '{host}' is not a host name or IP address");
        else host = bare;

        var port = entry.Port ?? servicePort;
        if (entry.Port is { } p && p is < 1 or > 65535) errors.Add($"{where}: port {p} is not a TCP port (1-65535)");

        var hotStandby = entry.HotStandby ?? false;
        if (hotStandby && kind == TenantService.Rp)
            errors.Add($"{where}: hot_standby: standby must stay off for the Recording Processor (the seed's rule)");

        string? route = entry.Route;
        if (kind == TenantService.Rcs)
        {
            if (entry.Application is { } app)
            {
                var fromApp = app.Trim().Replace(' ', '_');
                if (route is not null && route != fromApp)
                    errors.Add($"{where}: route '{route}' differs from the application name's ('{fromApp}'); give one of them");
                route = fromApp;
            }
            if (route is null) errors.Add($"{where}: no \"application\": RCS routes are the RCS application names (spaces become _)");
        }
        else
        {
            if (entry.Application is not null) errors.Add($"{where}: \"application\" is only for RCS members");
            if (kind == TenantService.Rws && route is null && id.Length > 1)
                route = $"{id.ToUpperInvariant()}RWS{index + 1}";
        }
        if (route is not null && !RouteName().IsMatch(route))
            errors.Add($"{where}: route '{route}' has characters a route cannot have (letters, digits, _ . - only)");

        var state = MemberStates.Parse(entry.State);
        if (state is null) errors.Add($"{where}: state '{entry.State}' is not active, drain or disabled");

        if (errors.Count > before || host is null || port is null) return null;
        return new BalancerMemberConfig(host, port.Value, scheme, route, hotStandby, state ?? MemberState.Active);
    }

    /// <summary>ProxyPass matches by prefix, first match wins: a path that starts with an earlier one would never be reached.</summary>
    private static void CheckPublicPaths(List<Tenant> tenants, StatusPage status, List<string> errors)
    {
        var seen = new List<(string Path, string Owner)>();
        foreach (var tenant in tenants)
        {
            foreach (var service in tenant.Services)
            {
                foreach (var path in service.Paths)
                {
                    var pub = tenant.Prefix + path.Public;
                    var owner = $"{tenant.Id} {service.Service.DisplayName()}";
                    foreach (var (earlier, earlierOwner) in seen)
                    {
                        if (pub == earlier) errors.Add($"{owner}: public path {pub} is also {earlierOwner}'s");
                        else if (pub.StartsWith(earlier, StringComparison.Ordinal))
                            errors.Add($"{owner}: public path {pub} is hidden by {earlierOwner}'s {earlier} (ProxyPass matches prefixes, first wins)");
                    }
                    if (pub.StartsWith(status.Path, StringComparison.Ordinal) || status.Path.StartsWith(pub, StringComparison.Ordinal))
                        errors.Add($"{owner}: public path {pub} overlaps the status page {status.Path}");
                    seen.Add((pub, owner));
                }
            }
        }
    }

    private static void Unknown(Dictionary<string, JsonElement>? unknown, string where, string what, IReadOnlyList<string> known, List<string> errors)
    {
        if (unknown is null) return;
        foreach (var key in unknown.Keys)
        {
            var simple = key.Replace("_", "").Replace("-", "").ToLowerInvariant();
            var hint = Aliases.GetValueOrDefault(simple) ?? known.FirstOrDefault(k => Distance(k.Replace("_", ""), simple) <= Math.Min(2, Math.Max(1, simple.Length / 3)));
            errors.Add($"{where}unknown {what} '{key}'" + (hint is not null ? $" (did you mean '{hint}'?)" : $" (known: {string.Join(", ", known)})"));
        }
    }

    /// <summary>Edit distance with transpositions (optimal string alignment), for "did you mean".</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }

    internal static bool IsPath(string path) =>
        path.Length > 1 && path[0] == '/' && !path.EndsWith('/') && !path.Contains("//", StringComparison.Ordinal)
        && !path.Split('/').Any(s => s is "." or "..") && path.All(c => c > ' ' && c < 127 && c is not ('"' or '\\' or '<' or '>' or '#' or '?'));

    internal static bool IsHost(string host)
    {
        if (host.Contains('[') || host.Contains(']')) return false;
        if (host.Contains(':'))
        {
            // IPAddress.TryParse takes any text after '%' as the zone: only an interface name may follow it
            var percent = host.IndexOf('%');
            var address = percent < 0 ? host : host[..percent];
            if (percent >= 0 && !ZoneId().IsMatch(host[(percent + 1)..])) return false;
            return address.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
                && IPAddress.TryParse(address, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }
        if (host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            var parts = host.Split('.');
            return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
        }
        return HostNames.IsHostName(host);
    }

    private static bool HostLooksLikeHostPort(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon > 0 && host.IndexOf(':') == colon && host[(colon + 1)..].All(char.IsAsciiDigit) && IsHost(host[..colon]);
    }

    internal static bool IsAddressOrNetwork(string text)
    {
        // Require ip takes addresses and networks only: no zone, no host name, nothing after them
        if (!text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.' or '/')) return false;
        if (text.Contains('/')) return IPNetwork.TryParse(text, out _);
        return IsHost(text) && (text.Contains(':') || text.All(c => char.IsAsciiDigit(c) || c == '.'));
    }

    /// <summary>An interface name, as the kernel allows it (at most 15 characters) and httpd reads it in a URL.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex ZoneId();

    [GeneratedRegex(@"^t([1-9][0-9]{0,5})$", RegexOptions.CultureInvariant)]
    private static partial Regex TenantId();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex RouteName();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(\|[A-Za-z0-9_.\-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex StickyName();
}
