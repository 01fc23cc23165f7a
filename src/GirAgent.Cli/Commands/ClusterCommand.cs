using System.CommandLine;
using GirAgent.Admin;
using GirAgent.Cluster;
using GirAgent.Httpd;
using GirAgent.Posix;
using GirAgent.Tenants;

namespace GirAgent.Cli.Commands;

/// <summary><c>giragent cluster setup</c>: the seed's pcs commands, printed or applied in one CIB push.</summary>
internal static class ClusterCommand
{
    public static Command Create() => new("cluster", "set up the Pacemaker cluster for girlb (docs/operations.md)")
    {
        Setup(),
        Rebalance(),
    };

    private static Command Rebalance()
    {
        var apply = new Option<bool>("--apply") { Description = "make the moves, one at a time, each awaited before the next" };
        var wait = new Option<int>("--wait") { Description = "seconds to wait for each VIP to run on its new node", DefaultValueFactory = _ => 60, HelpName = "SECONDS" };
        var crmMon = new Option<string?>("--crm-mon-xml") { Description = "plan from this saved crm_mon XML instead of the live cluster (no --apply)", HelpName = "FILE" };
        var command = new Command("rebalance",
            "spread the groups' VIPs evenly over the nodes that run webserver: a node that joined or came back from a fence holds none until then " +
            "(stickiness); print the moves (default) or make them (--apply; each is a moment the group's clients wait); " +
            "exit 0 done or balanced, 1 usage, 5 failure")
        {
            apply, wait, crmMon,
        };
        command.SetAction(parse => AdminBoundary.Run("cluster rebalance", Console.Error, () =>
        {
            var seconds = parse.GetValue(wait);
            var file = parse.GetValue(crmMon);
            var problems = new List<string>();
            if (seconds is < 1 or > 3600) problems.Add("--wait must be 1 to 3600 seconds");
            if (file is not null && parse.GetValue(apply)) problems.Add("--crm-mon-xml plans from a saved file: it cannot go with --apply");
            if (file is not null && !File.Exists(file)) problems.Add($"--crm-mon-xml {file}: no such file");
            if (problems.Count > 0)
            {
                foreach (var p in problems) Console.Error.WriteLine("giragent cluster rebalance: " + p);
                return AdminExit.Usage;
            }
            string? saved = null;
            try
            {
                if (file is not null) saved = BoundedFile.ReadText(file, GirAgent.Pacemaker.CrmMonParser.MaxInputChars);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InputTooLargeException)
            {
                Console.Error.WriteLine($"giragent cluster rebalance: --crm-mon-xml {file}: {e.Message}");
                return AdminExit.Usage;
            }
            return new ClusterRebalance(CommandRunner.Default, Console.Out, Console.Error).Run(parse.GetValue(apply), TimeSpan.FromSeconds(seconds), saved);
        }));
        return command;
    }

    private static Command Setup()
    {
        var apply = new Option<bool>("--apply") { Description = "run the commands: all changes go into a CIB file and are pushed at once; idempotent" };
        var force = new Option<bool>("--force") { Description = "with --apply: replace an existing, different configuration of these resources (they restart)" };
        var vip = new Option<string?>("--vip") { Description = "the virtual IP address (required)", HelpName = "IP" };
        var cidr = new Option<int?>("--cidr") { Description = "its prefix length (cidr_netmask); default: from the route that covers it", HelpName = "N" };
        var nic = new Option<string?>("--nic") { Description = "its interface; default: from the routing table", HelpName = "NIC" };
        var config = new Option<string?>("--config") { Description = "httpd's configuration file (webserver's configfile; default: this machine's)", HelpName = "FILE" };
        var statusUrl = new Option<string>("--status-url") { Description = "webserver's statusurl", DefaultValueFactory = _ => ClusterSetupSpec.DefaultStatusUrl, HelpName = "URL" };
        var httpd = new Option<string?>("--httpd") { Description = "webserver's httpd (the binary); default: the agent's search", HelpName = "PATH" };
        var vipAgent = new Option<string>("--vip-agent") { Description = "the VIP's agent, e.g. ocf:heartbeat:IPaddr2", DefaultValueFactory = _ => "ocf:gir:vip", HelpName = "AGENT" };
        var webAgent = new Option<string>("--webserver-agent") { Description = "httpd's agent, e.g. ocf:heartbeat:apache", DefaultValueFactory = _ => "ocf:gir:webserver", HelpName = "AGENT" };
        var vipMonitor = new Option<string>("--vip-monitor-interval") { Description = "virtual_ip's monitor interval", DefaultValueFactory = _ => "30s", HelpName = "INTERVAL" };
        var webMonitor = new Option<string>("--webserver-monitor-interval") { Description = "webserver's monitor interval", DefaultValueFactory = _ => "30s", HelpName = "INTERVAL" };
        var webTimeout = new Option<string?>("--webserver-monitor-timeout") { Description = "webserver's monitor timeout (default: the agent's)", HelpName = "TIMEOUT" };
        var alertPath = new Option<string>("--alert-path") { Description = "the alert agent girlb's daemon installs", DefaultValueFactory = _ => ClusterSetupSpec.DefaultAlertPath, HelpName = "PATH" };
        var noAlert = new Option<bool>("--no-alert") { Description = "create no alert" };
        var noFencing = new Option<bool>("--no-fencing") { Description = "set stonith-enabled=false (a lab, or no fence device yet): fencing OFF, with a warning" };
        var fence = new Option<string[]>("--fence")
        {
            Description = "a fence device for NODE (repeat per node): NODE=BMC[:PORT][,user=U][,password-file=F][,agent=fence_ipmilan][,cipher=N][,power-wait=S]; " +
                "fencing on, stonith-timeout, priority-fencing-delay, no-quorum-policy=stop (docs/operations.md)",
            HelpName = "NODE=BMC",
        };
        var fenceUser = new Option<string?>("--fence-user") { Description = "the BMC user of every --fence that names none", HelpName = "USER" };
        var fencePassword = new Option<string?>("--fence-password-file") { Description = "a file holding the BMC password, on every node (never the password itself)", HelpName = "FILE" };
        var fenceDelay = new Option<string>("--fence-delay")
        {
            Description = "priority-fencing-delay: after a split the node running webserver is fenced only after this, so it survives; " +
                "a crash of the active node waits it too (default " + ClusterSetupSpec.DefaultFenceDelay + ")",
            DefaultValueFactory = _ => ClusterSetupSpec.DefaultFenceDelay,
            HelpName = "SECONDS",
        };
        var qdevice = new Option<string?>("--qdevice") { Description = "the corosync-qnetd host of a quorum device (ffsplit); no-quorum-policy=stop", HelpName = "HOST" };
        var tenants = new Option<string?>("--tenants")
        {
            Description = "a tenants file with \"groups\": webserver cloned on every node and a VIP per group (vip-NAME), spread over the nodes; " +
                "instead of --vip (docs/operations.md)",
            HelpName = "FILE",
        };
        var cib = new Option<string?>("--cib") { Description = "work on this saved CIB file instead of the live cluster (pcs -f); the file is changed in place with --apply", HelpName = "FILE" };

        var command = new Command("setup",
            "print (default) or run (--apply) the seed's pcs commands, pcs 0.11 (EL9) syntax: no-quorum-policy, migration-threshold, " +
            "virtual_ip (ocf:gir:vip), webserver (ocf:gir:webserver) with its status URL, colocation and order, the alert agent, " +
            "fence devices and a quorum device when given; " +
            "exit 0 done or nothing to change, 1 usage, 4 refused (a different configuration exists; --force), 5 pcs failed")
        {
            apply, force, vip, cidr, nic, config, statusUrl, httpd, vipAgent, webAgent, vipMonitor, webMonitor, webTimeout, alertPath, noAlert, noFencing,
            fence, fenceUser, fencePassword, fenceDelay, qdevice, tenants, cib,
        };
        command.SetAction(parse => AdminBoundary.Run("cluster setup", Console.Error, () =>
        {
            var errors = new List<string>();
            var devices = new List<FenceDeviceSpec>();
            foreach (var text in parse.GetValue(fence) ?? [])
            {
                try { devices.Add(FenceDeviceSpec.Parse(text, parse.GetValue(fenceUser), parse.GetValue(fencePassword))); }
                catch (FormatException e) { errors.Add(e.Message); }
            }
            foreach (var device in devices.Where(d => !File.Exists(d.PasswordFile)).DistinctBy(d => d.PasswordFile))
                errors.Add($"--fence {device.Node}: password file {device.PasswordFile} does not exist here (it must, on every node)");
            IReadOnlyList<TenantGroup> groups = [];
            if (parse.GetValue(tenants) is { } tenantsPath)
            {
                try
                {
                    groups = TenantsFile.Load(tenantsPath).Groups;
                    if (groups.Count == 0) errors.Add($"--tenants {tenantsPath} has no \"groups\": give --vip for one VIP, or groups each with its vip");
                }
                catch (TenantsFileException e)
                {
                    if (e.Errors.Count == 1) errors.Add($"--tenants {e.FileName}: {e.Errors[0]}");
                    else errors.AddRange([$"--tenants {e.FileName} is not valid:", .. e.Errors.Select(line => "  " + line)]);
                }
            }
            var spec = new ClusterSetupSpec
            {
                Groups = groups,
                Vip = parse.GetValue(vip) ?? "",
                Cidr = parse.GetValue(cidr),
                Nic = parse.GetValue(nic),
                ConfigFile = parse.GetValue(config) ?? HttpdLayout.Detect().MainConfig,
                StatusUrl = parse.GetValue(statusUrl)!,
                Httpd = parse.GetValue(httpd),
                VipAgent = parse.GetValue(vipAgent)!,
                WebserverAgent = parse.GetValue(webAgent)!,
                VipMonitorInterval = parse.GetValue(vipMonitor)!,
                WebserverMonitorInterval = parse.GetValue(webMonitor)!,
                WebserverMonitorTimeout = parse.GetValue(webTimeout),
                AlertPath = parse.GetValue(noAlert) ? null : parse.GetValue(alertPath),
                DisableFencing = parse.GetValue(noFencing),
                Fencing = devices,
                FenceDelay = parse.GetValue(fenceDelay)!,
                QDeviceHost = parse.GetValue(qdevice),
            };
            // a tenants file that could not be read has said so: no "--vip is required" on top of it
            var tenantsUnread = parse.GetValue(tenants) is not null && groups.Count == 0;
            errors.AddRange(spec.Problems().Where(p => !(tenantsUnread && p.StartsWith("--vip is required", StringComparison.Ordinal))));
            if (parse.GetValue(force) && !parse.GetValue(apply)) errors.Add("--force goes with --apply");
            if (parse.GetValue(cib) is { } cibPath && !File.Exists(cibPath)) errors.Add($"--cib {cibPath}: no such file (save one with 'pcs cluster cib FILE' or 'cibadmin --query > FILE')");
            if (errors.Count > 0)
            {
                foreach (var e in errors) Console.Error.WriteLine("giragent cluster setup: " + e);
                return AdminExit.Usage;
            }

            var cibFile = parse.GetValue(cib);
            if (parse.GetValue(apply))
                return new ClusterSetup(CommandRunner.Default, Console.Out, Console.Error).Apply(spec, parse.GetValue(force), cibFile);

            var state = cibFile is null ? null : ClusterSetup.ReadCibFile(cibFile);
            var plan = ClusterSetupPlanner.Plan(spec, state);
            Console.Out.Write(plan.Script());
            if (state is not null && plan.NothingToDo) Console.Error.WriteLine($"nothing to change: {cibFile} already has this configuration");
            return AdminExit.Ok;
        }));
        return command;
    }
}
