using System.Globalization;
using GirAgent.Httpd;

namespace GirAgent.Tenants;

/// <summary>
/// Reads hand-written <c>loadbalancer_tenantN.conf</c> files, including the seed's broken ones,
/// into a <see cref="TenantsDocument"/>. It is lenient where httpd is strict: an unclosed
/// <c>&lt;Proxy&gt;</c> ends at the next section, ProxyPass inside a <c>&lt;Proxy&gt;</c> still maps
/// its path, and every such defect is reported with its file and line.
/// </summary>
internal static partial class TenantsImporter
{
    public static ImportResult Import(IReadOnlyList<(string Path, string Text)> files)
    {
        var state = new State();
        foreach (var (path, text) in files) ReadFile(state, path, text);
        var document = Build(state);
        var order = files.Select(f => f.Path).Distinct().ToList();
        var findings = state.Findings.Select((f, i) => (f, i))
            .OrderBy(x => order.IndexOf(x.f.File)).ThenBy(x => x.f.Line).ThenBy(x => x.i).Select(x => x.f).ToList();
        return new ImportResult(document, findings);
    }

    private sealed class State
    {
        public List<ImportFinding> Findings { get; } = [];
        public Dictionary<string, Balancer> Balancers { get; } = new(StringComparer.OrdinalIgnoreCase);
        public List<Mapping> Mappings { get; } = [];
        public string? StatusPath { get; set; }
        public List<string> StatusAllow { get; } = [];
        public bool TlsEngine { get; set; }
        public TlsEntry Tls { get; } = new();
        public HashSet<string> RouteCookiePaths { get; } = new(StringComparer.Ordinal);
        public HashSet<string> CookiePaths { get; } = new(StringComparer.Ordinal);

        public void Defect(string file, int line, string message) => Findings.Add(new ImportFinding(file, line, ImportSeverity.Defect, message));
        public void Note(string file, int line, string message) => Findings.Add(new ImportFinding(file, line, ImportSeverity.Note, message));
    }

    private sealed record Section(string Name, string Argument, int Line);

    private sealed class Balancer(string name, string file, int line)
    {
        public string Name { get; } = name;
        public string File { get; } = file;
        public int Line { get; } = line;
        public List<Member> Members { get; } = [];
        public Dictionary<string, string> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    private sealed record Member(string Url, IReadOnlyList<string> Parameters, string File, int Line);

    private sealed record Mapping(string Public, string Target, string File, int Line);

    private static void ReadFile(State state, string file, string text)
    {
        var stack = new List<Section>();
        Section? Proxy() => stack.LastOrDefault(s => s.Name.Equals("Proxy", StringComparison.OrdinalIgnoreCase));
        Section? Location() => stack.LastOrDefault(s => s.Name.Equals("Location", StringComparison.OrdinalIgnoreCase));
        bool InStatusLocation() => Location() is { } l && state.StatusPath is { } p && l.Argument.TrimEnd('/') == p;

        void Unclosed(Section section, int atLine, string why) =>
            state.Defect(file, section.Line, $"<{section.Name} \"{section.Argument}\"> is never closed ({why} at line {atLine}): httpd refuses the file; </{section.Name}> belongs after its last directive");

        foreach (var d in ApacheDirective.Read(text))
        {
            if (d.IsSectionOpen)
            {
                var argument = d.Arguments.Count > 0 ? d.Arguments[0] : "";
                // the seed never closes <Proxy>: a new section ends it
                if (Proxy() is { } open)
                {
                    Unclosed(open, d.Line, $"<{d.SectionName}> starts");
                    stack.RemoveAt(stack.LastIndexOf(open));
                }
                var section = new Section(d.SectionName, argument, d.Line);
                stack.Add(section);
                if (section.Name.Equals("Proxy", StringComparison.OrdinalIgnoreCase))
                {
                    if (argument.StartsWith("balancer://", StringComparison.OrdinalIgnoreCase)) Define(state, argument, file, d.Line);
                    else state.Note(file, d.Line, $"<Proxy \"{argument}\"> is not a balancer: not carried over");
                }
                else if (section.Name.Equals("VirtualHost", StringComparison.OrdinalIgnoreCase))
                    state.Note(file, d.Line, "<VirtualHost>: render defines balancers at server level (mod_status lists only those and the answering host's)");
                else if (!section.Name.Equals("Location", StringComparison.OrdinalIgnoreCase) && !section.Name.StartsWith("If", StringComparison.OrdinalIgnoreCase))
                    state.Note(file, d.Line, $"<{section.Name}> section: its contents are read, the section is not carried over");
                continue;
            }
            if (d.IsSectionClose)
            {
                var index = stack.FindLastIndex(s => s.Name.Equals(d.SectionName, StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    state.Defect(file, d.Line, $"</{d.SectionName}> closes nothing");
                    continue;
                }
                for (var k = stack.Count - 1; k > index; k--) Unclosed(stack[k], d.Line, $"</{d.SectionName}> comes");
                stack.RemoveRange(index, stack.Count - index);
                continue;
            }

            var proxy = Proxy();
            var args = d.Arguments;
            switch (d.Name.ToLowerInvariant())
            {
                case "balancermember":
                {
                    // inside <Proxy "balancer://x">, or naming its balancer first, as httpd takes it anywhere (with or without a '/')
                    var list = args.ToList();
                    string? balancer = proxy?.Argument;
                    if (list.Count > 1 && list[0].StartsWith("balancer://", StringComparison.OrdinalIgnoreCase))
                    {
                        balancer = list[0];
                        list.RemoveAt(0);
                        Define(state, balancer, file, d.Line);
                    }
                    if (balancer is null || list.Count == 0)
                    {
                        state.Defect(file, d.Line, "BalancerMember outside a <Proxy \"balancer://...\"> section, naming no balancer: not imported");
                        break;
                    }
                    if (state.Balancers.TryGetValue(Key(balancer), out var b))
                        b.Members.Add(new Member(list[0], list.Skip(1).ToList(), file, d.Line));
                    else
                        state.Defect(file, d.Line, $"BalancerMember {list[0]} in <Proxy \"{balancer}\">, which is not a balancer: not imported");
                    break;
                }
                case "proxyset":
                {
                    var list = args.ToList();
                    var balancer = proxy?.Argument;
                    if (list.Count > 0 && list[0].Contains("://", StringComparison.Ordinal))
                    {
                        balancer = list[0];
                        list.RemoveAt(0);
                        // httpd creates the balancer a ProxySet names, as a BalancerMember naming it does
                        if (balancer.StartsWith("balancer://", StringComparison.OrdinalIgnoreCase)) Define(state, balancer, file, d.Line);
                    }
                    if (balancer is null || !state.Balancers.TryGetValue(Key(balancer), out var b))
                    {
                        state.Defect(file, d.Line, "ProxySet outside a balancer's <Proxy> section: not imported");
                        break;
                    }
                    foreach (var kv in list) Setting(b, kv);
                    break;
                }
                case "proxypass" or "proxypassreverse":
                {
                    if (proxy is not null)
                        state.Defect(file, d.Line, $"{d.Name} inside <Proxy \"{proxy.Argument}\"> (line {proxy.Line}): httpd refuses a path there; it belongs after </Proxy>, at server level");
                    if (Location() is { } location && args.Count >= 1 && !args[0].StartsWith('/'))
                        args = [location.Argument, .. args];
                    if (args.Count < 2)
                    {
                        state.Defect(file, d.Line, $"{d.Name} needs a path and a URL");
                        break;
                    }
                    if (args[1] == "!")
                    {
                        state.Note(file, d.Line, $"{d.Name} {args[0]} ! (an exclusion): not carried over");
                        break;
                    }
                    if (d.Is("ProxyPass"))
                    {
                        state.Mappings.Add(new Mapping(args[0], args[1], file, d.Line));
                        var target = BalancerOf(args[1]);
                        if (target is not null && state.Balancers.TryGetValue(target, out var b))
                            foreach (var kv in args.Skip(2)) Setting(b, kv);
                    }
                    break;
                }
                case "proxypassreversecookiepath":
                    if (args.Count >= 2) state.CookiePaths.Add(args[1].TrimEnd('/'));
                    if (Location() is null)
                        state.Note(file, d.Line, "ProxyPassReverseCookiePath at server level rewrites every tenant's cookies (first match wins): render puts it in the tenant's <Location>");
                    break;
                case "header":
                    if (args.Count >= 3 && args[1].Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) && args[2].Contains("BALANCER_WORKER_ROUTE", StringComparison.Ordinal))
                    {
                        var cookiePath = args[2].Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("path=", StringComparison.OrdinalIgnoreCase));
                        if (cookiePath is not null) state.RouteCookiePaths.Add(cookiePath[5..].TrimEnd('/'));
                        if (Location() is null)
                            state.Note(file, d.Line, "the route cookie header is not in a <Location> of the tenant's RWS paths: at server level it goes with every tenant's responses; render puts it in those <Location>s");
                    }
                    else state.Note(file, d.Line, $"Header {string.Join(' ', args)}: not carried over");
                    break;
                case "order":
                    state.Defect(file, d.Line, $"'Order {string.Join(' ', args)}' is Apache 2.2 access control (2.4 needs mod_access_compat for it): render writes 'Require'");
                    break;
                case "allow" or "deny":
                {
                    var from = args.Count > 0 && args[0].Equals("from", StringComparison.OrdinalIgnoreCase) ? args.Skip(1).ToList() : args.ToList();
                    if (from.Count == 0)
                    {
                        state.Defect(file, d.Line, $"'{d.Name} from' names no address: httpd refuses it; render writes 'Require local' and 'Require ip' for status.allow");
                        break;
                    }
                    state.Defect(file, d.Line, $"'{d.Name} from {string.Join(' ', from)}' is Apache 2.2 access control: render writes 'Require'");
                    if (d.Is("Allow") && InStatusLocation()) AddAllow(state, from, file, d.Line);
                    break;
                }
                case "require":
                    if (InStatusLocation() && args.Count > 1 && args[0].Equals("ip", StringComparison.OrdinalIgnoreCase))
                        AddAllow(state, args.Skip(1), file, d.Line);
                    else if (!(InStatusLocation() && args.Count == 1 && args[0].Equals("local", StringComparison.OrdinalIgnoreCase)))
                        state.Note(file, d.Line, $"Require {string.Join(' ', args)}: not carried over");
                    break;
                case "sethandler":
                    if (args.Count > 0 && args[0].Equals("server-status", StringComparison.OrdinalIgnoreCase) && Location() is { } status)
                        state.StatusPath = status.Argument.TrimEnd('/');
                    else state.Note(file, d.Line, $"SetHandler {string.Join(' ', args)}: not carried over");
                    break;
                case "sslproxyengine":
                    state.TlsEngine = args.Count > 0 && args[0].Equals("on", StringComparison.OrdinalIgnoreCase);
                    break;
                case "sslproxyverify" when args.Count > 0:
                    state.Tls.Verify = args[0].ToLowerInvariant();
                    break;
                case "sslproxycacertificatefile" when args.Count > 0:
                    state.Tls.CaFile = args[0];
                    break;
                case "sslproxycheckpeername" or "sslproxycheckpeercn" when args.Count > 0:
                    state.Tls.CheckPeerName = args[0].Equals("on", StringComparison.OrdinalIgnoreCase);
                    break;
                case "sslproxycheckpeerexpire" when args.Count > 0:
                    state.Tls.CheckPeerExpire = args[0].Equals("on", StringComparison.OrdinalIgnoreCase);
                    break;
                case "proxystatus" or "extendedstatus":
                    break; // render writes both
                default:
                    state.Note(file, d.Line, $"{d.Name}: not carried over");
                    break;
            }
        }
        var lastLine = text.Split('\n').Length;
        foreach (var open in stack) Unclosed(open, lastLine, "the file ends");
    }

    /// <summary>A balancer's name as httpd matches it: <c>balancer://t1rws/</c> is <c>balancer://t1rws</c>.</summary>
    private static string Key(string name) => name.TrimEnd('/');

    private static void Define(State state, string name, string file, int line)
    {
        name = Key(name);
        if (state.Balancers.TryGetValue(name, out var existing))
        {
            if (existing.File != file || existing.Line != line)
                state.Note(file, line, $"{name} was already defined at {existing.File}:{existing.Line}: members are added to it");
            return;
        }
        state.Balancers[name] = new Balancer(name, file, line);
    }

    private static void Setting(Balancer balancer, string keyValue)
    {
        var eq = keyValue.IndexOf('=');
        if (eq > 0) balancer.Settings[keyValue[..eq]] = keyValue[(eq + 1)..];
    }

    private static void AddAllow(State state, IEnumerable<string> addresses, string file, int line)
    {
        foreach (var a in addresses)
        {
            if (a.Equals("all", StringComparison.OrdinalIgnoreCase))
                state.Defect(file, line, "'Allow from all' on the status page lets anyone read it: render allows only local requests and status.allow");
            else if (TenantsValidator.IsAddressOrNetwork(a)) { if (!state.StatusAllow.Contains(a)) state.StatusAllow.Add(a); }
            else state.Note(file, line, $"'{a}' is not an IP address or network: not carried over (status.allow takes addresses)");
        }
    }

    private static string? BalancerOf(string url)
    {
        if (!url.StartsWith("balancer://", StringComparison.OrdinalIgnoreCase)) return null;
        var slash = url.IndexOf('/', "balancer://".Length);
        return slash < 0 ? url : url[..slash];
    }

    private static TenantsDocument Build(State state)
    {
        var tenants = new SortedDictionary<int, TenantEntry>();
        var taken = new Dictionary<(int, TenantService), Balancer>();
        var ambiguous = new HashSet<(int, TenantService)>();
        foreach (var balancer in state.Balancers.Values)
        {
            var name = BalancerName.Parse(balancer.Name);
            if (name.Tenant is null || name.Service is not { } service)
            {
                state.Defect(balancer.File, balancer.Line, $"{balancer.Name} does not follow the seed's names (balancer://tN + rws, rp, rcs, sm or webdav): not imported");
                continue;
            }
            var number = int.Parse(name.Tenant[1..], CultureInfo.InvariantCulture);
            var id = "t" + number.ToString(CultureInfo.InvariantCulture);
            // t007rp and t7rp are two balancers to httpd but one tenant's RP here: neither may silently replace the other
            if (taken.TryGetValue((number, service), out var first))
            {
                state.Defect(balancer.File, balancer.Line,
                    $"{balancer.Name} and {first.Name} ({first.File}:{first.Line}) both name tenant {id}'s {service.DisplayName()}: neither is imported; rename one");
                ambiguous.Add((number, service));
                continue;
            }
            taken[(number, service)] = balancer;
            var prefix = Prefix(state, id);
            if (!tenants.TryGetValue(number, out var tenant))
                tenants[number] = tenant = new TenantEntry { Id = id, Prefix = prefix == "/" + id ? null : prefix };
            SetService(tenant, service, BuildService(state, balancer, prefix, service));
        }
        foreach (var (number, service) in ambiguous)
            if (tenants.TryGetValue(number, out var tenant)) SetService(tenant, service, null);
        foreach (var tenant in tenants.Where(t => t.Value.Rws is null && t.Value.Rp is null && t.Value.Rcs is null && t.Value.InteractionReceiver is null && t.Value.Webdav is null).ToList())
            tenants.Remove(tenant.Key);
        foreach (var mapping in state.Mappings.Where(m => BalancerOf(m.Target) is not { } b || !state.Balancers.ContainsKey(b)))
            state.Note(mapping.File, mapping.Line, $"ProxyPass {mapping.Public} {mapping.Target}: not to a balancer defined in these files: not carried over");

        // one scheme for the tenant when every service agrees
        foreach (var tenant in tenants.Values)
        {
            var services = new[] { tenant.Rws, tenant.Rp, tenant.Rcs, tenant.InteractionReceiver, tenant.Webdav }.Where(s => s is not null).ToList();
            if (services.Count > 0 && services.All(s => s!.Scheme == "https"))
            {
                tenant.Scheme = "https";
                foreach (var s in services) s!.Scheme = null;
            }
            else foreach (var s in services) if (s!.Scheme == "http") s.Scheme = null;
        }

        var document = new TenantsDocument
        {
            Schema = TenantsFile.SchemaName,
            Tenants = [.. tenants.Values],
        };
        if (state.StatusPath is not (null or StatusPage.DefaultPath) || state.StatusAllow.Count > 0)
            document.Status = new StatusEntry
            {
                Path = state.StatusPath is null or StatusPage.DefaultPath ? null : state.StatusPath,
                Allow = state.StatusAllow.Count > 0 ? [.. state.StatusAllow] : null,
            };
        if (state.Tls.Verify is not null || state.Tls.CaFile is not null || state.Tls.CheckPeerName is not null || state.Tls.CheckPeerExpire is not null)
            document.Tls = state.Tls;
        return document;
    }

    private static void SetService(TenantEntry tenant, TenantService service, ServiceEntry? entry)
    {
        switch (service)
        {
            case TenantService.Rws: tenant.Rws = entry; break;
            case TenantService.Rp: tenant.Rp = entry; break;
            case TenantService.Rcs: tenant.Rcs = entry; break;
            case TenantService.InteractionReceiver: tenant.InteractionReceiver = entry; break;
            default: tenant.Webdav = entry; break;
        }
    }

    /// <summary>
    /// The tenant's public prefix: <c>/tN</c>, unless every ProxyPass to its balancers publishes
    /// <c>P + backend path</c> with one other P.
    /// </summary>
    private static string Prefix(State state, string id)
    {
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var mapping in state.Mappings)
        {
            if (BalancerOf(mapping.Target) is not { } target || BalancerName.Parse(target) is not { Tenant: { } tenant, Service: { } service }
                || tenant.TrimStart('t').TrimStart('0') != id[1..]) continue;
            var backend = mapping.Target[target.Length..].TrimEnd('/');
            var pub = mapping.Public.TrimEnd('/');
            // the service's own public path (RP: /rp/api) first, then the backend path (ProxyPass /tN/x balancer://tNsvc/x)
            var suffix = service.DefaultPaths().Select(p => p.Public).FirstOrDefault(p => pub.EndsWith(p, StringComparison.Ordinal))
                ?? (backend.Length > 0 && pub.EndsWith(backend, StringComparison.Ordinal) ? backend : null);
            if (suffix is null) continue;
            var candidate = pub[..^suffix.Length];
            if (TenantsValidator.IsPath(candidate)) votes[candidate] = votes.GetValueOrDefault(candidate) + 1;
        }
        if (votes.Count == 0) return "/" + id;
        var best = votes.Values.Max();
        return votes.GetValueOrDefault("/" + id) == best ? "/" + id : votes.First(v => v.Value == best).Key;
    }
}
