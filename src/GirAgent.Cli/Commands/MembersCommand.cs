using System.CommandLine;
using GirAgent.Admin;
using GirAgent.Posix;
using GirAgent.Tenants;
using GirAgent.TenantsAdmin;

namespace GirAgent.Cli.Commands;

/// <summary><c>giragent members drain|disable|enable TENANT SERVICE MEMBER</c>: a member's state in the cluster's tenants, applied at once and kept.</summary>
internal static class MembersCommand
{
    private const string ExitCodes = "exit 0 done or nothing to change, 1 usage (no such tenant, service or member), 2 --wait timed out with requests in flight, " +
        "3 the cluster's tenants are not valid, 4 refused (no member would take new sessions; or httpd -t rejected it), 5 failure";

    public static Command Create() => new("members",
        "take a tenant's backend out of service and back, cluster-wide: the state is written into the cluster's tenants (the webserver resource's " +
        "'tenants' parameter), so it survives reloads, restarts and failovers, and the node that runs httpd applies it at once with a graceful " +
        "restart (no connection dropped); needs the tenants applied with 'giragent tenants apply'; " + ExitCodes)
    {
        Change("drain", MemberState.Drain,
            "drain mode (status=+N): requests of existing sticky sessions (ROUTEID, JSESSIONID) keep going to the member, new sessions go to the others"),
        Change("disable", MemberState.Disabled, "disabled (status=+D): the member gets no request; its sticky sessions move to the others"),
        Change("enable", MemberState.Active, "back in service: the member takes new sessions again"),
    };

    /// <summary>How long a change waits for the node that runs httpd to serve it.</summary>
    private static readonly TimeSpan ServeTimeout = TimeSpan.FromSeconds(60);

    private static Command Change(string name, MemberState state, string description)
    {
        var tenant = new Argument<string>("TENANT") { Description = "the tenant's id (t1)" };
        var service = new Argument<string>("SERVICE") { Description = "rws, rp, rcs, interaction_receiver (sm) or webdav" };
        var member = new Argument<string>("MEMBER") { Description = "the member: its route, host, host:port, URL or position (1, 2, ...)" };
        var force = new Option<bool>("--force") { Description = "even when no member of the service would take new sessions" };
        var resource = TenantsCommand.ResourceOption();
        var command = new Command(name, description + "; " + ExitCodes) { tenant, service, member, force, resource };
        Option<bool>? untilIdle = null;
        Option<int>? timeout = null;
        Option<string>? statusUrl = null;
        if (state == MemberState.Drain)
        {
            untilIdle = new Option<bool>("--wait")
            {
                Description = "then wait until the member has no request in flight (server-status Busy 0) or --timeout, saying which; run it on the node that runs httpd",
            };
            timeout = new Option<int>("--timeout") { Description = "seconds --wait waits at most", DefaultValueFactory = _ => 300, HelpName = "SECONDS" };
            statusUrl = new Option<string>("--status-url")
            {
                Description = "this node's mod_status URL (for --wait)",
                DefaultValueFactory = _ => "http://localhost/server-status",
                HelpName = "URL",
            };
            command.Add(untilIdle);
            command.Add(timeout);
            command.Add(statusUrl);
        }
        command.SetAction(parse => AdminBoundary.Run("members " + name, Console.Error, () =>
        {
            Uri? url = null;
            if (statusUrl is not null && parse.GetValue(untilIdle!)
                && (!Uri.TryCreate(parse.GetValue(statusUrl), UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
            {
                Console.Error.WriteLine($"giragent members {name}: --status-url '{parse.GetValue(statusUrl)}' is not an http or https URL");
                return AdminExit.Usage;
            }
            var id = parse.GetValue(resource)!;
            var apply = new TenantsApply(CommandRunner.Default, Console.Error, "members " + name);
            var (current, _) = apply.Current(id);
            if (current is null)
            {
                Console.Error.WriteLine($"giragent members {name}: {id} has no tenants document: the cluster's tenants are files managed by hand. " +
                    "Make them the cluster's first ('giragent tenants apply /etc/girlb/tenants.json'), or change the member in the files on every node");
                return AdminExit.Failed;
            }
            TenantsConfig config;
            TenantsDocument document;
            try
            {
                config = ClusterTenants.Parse(current);
                document = ClusterTenants.Deserialize(current);
            }
            catch (TenantsFileException e)
            {
                Console.Error.WriteLine($"giragent members {name}: {e.FileName} is not valid; nothing changed:");
                foreach (var error in e.Errors) Console.Error.WriteLine("  " + error);
                return AdminExit.Invalid;
            }
            var change = MemberChange.Set(document, config, parse.GetValue(tenant)!, parse.GetValue(service)!, parse.GetValue(member)!, state, parse.GetValue(force));
            var changed = TenantsFile.Parse(TenantsFile.Serialize(document), "the changed tenants");
            var target = MemberChange.Find(changed, parse.GetValue(tenant)!, parse.GetValue(service)!, parse.GetValue(member)!);
            int rc;
            if (change is null)
            {
                Console.Error.WriteLine($"no change: {parse.GetValue(tenant)} {target.Service.Service.DisplayName()} {MemberChange.Describe(target.Member)} is {MemberStates.Name(state)} already");
                rc = AdminExit.Ok;
            }
            else
                rc = apply.Run(document, changed, new ApplyRequest(null, ServeTimeout, id, Base: current), change);
            if (rc != AdminExit.Ok || url is null) return rc;
            return MemberDrainWait.Run(url, target.Service.Balancer, target.Member.Url, TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(timeout!), 1, 86400)), Console.Error);
        }));
        return command;
    }
}
