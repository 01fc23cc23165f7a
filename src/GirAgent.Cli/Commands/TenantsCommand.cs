using System.CommandLine;
using GirAgent.Admin;
using GirAgent.Httpd;
using GirAgent.Pacemaker;
using GirAgent.Posix;
using GirAgent.Tenants;
using GirAgent.TenantsAdmin;

namespace GirAgent.Cli.Commands;

/// <summary><c>giragent tenants render|import|check</c>: describe tenants once; giragent writes, checks and verifies httpd's configuration.</summary>
internal static class TenantsCommand
{
    private const string ExitCodes = "exit 0 ok or nothing to change, 1 usage, 2 changes pending / problems / defects, 3 invalid tenants file, 4 refused by httpd -t (nothing changed), 5 failure";

    public static Command Create() => new("tenants", $"describe tenants once (docs/tenants.md); write, import and check httpd's load-balancer configuration; {ExitCodes}")
    {
        Render(),
        Apply(),
        Import(),
        Check(),
    };

    internal static Option<string> ResourceOption() => new("--resource")
    {
        Description = "the webserver resource (ocf:gir:webserver) that holds the cluster's tenants",
        DefaultValueFactory = _ => ResourceIds.Webserver,
        HelpName = "ID",
    };

    internal static Option<int> WaitOption(string what) => new("--wait")
    {
        Description = $"seconds to wait for the node that runs httpd to {what}; 0: do not wait",
        DefaultValueFactory = _ => 60,
        HelpName = "SECONDS",
    };

    private static Command Apply()
    {
        var file = new Argument<string>("FILE") { Description = "the tenants file", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => TenantsFile.DefaultPath };
        var checkWith = new Option<string?>("--check-with")
        {
            Description = "test on this node with this program first: apache2ctl, httpd, apache2, apachectl, a path, or none (default: the layout's)",
            HelpName = "PROGRAM",
        };
        var resource = ResourceOption();
        var wait = WaitOption("serve it");
        var command = new Command("apply",
            "make a tenants file the cluster's, from either node: validated, tested with this node's httpd -t (alone and in place), " +
            "then kept in the CIB as the webserver resource's 'tenants' parameter (one change, replicated to every node); the node that runs httpd " +
            "renders it and restarts gracefully (reload-agent, no connection dropped), any node that starts httpd later renders it first; " + ExitCodes)
        {
            file, checkWith, resource, wait,
        };
        command.SetAction(parse => AdminBoundary.Run("tenants apply", Console.Error, () =>
        {
            var seconds = parse.GetValue(wait);
            if (seconds is < 0 or > 3600)
            {
                Console.Error.WriteLine("giragent tenants apply: --wait must be 0 to 3600 seconds");
                return AdminExit.Usage;
            }
            var path = parse.GetValue(file)!;
            TenantsConfig config;
            TenantsDocument document;
            try
            {
                (document, config) = TenantsFile.Read(path);
            }
            catch (TenantsFileException e)
            {
                Console.Error.WriteLine($"giragent tenants apply: {e.FileName} is not valid; nothing changed:");
                foreach (var error in e.Errors) Console.Error.WriteLine("  " + error);
                return AdminExit.Invalid;
            }
            var request = new ApplyRequest(parse.GetValue(checkWith), TimeSpan.FromSeconds(seconds), parse.GetValue(resource)!);
            return new TenantsApply(CommandRunner.Default, Console.Error).Run(document, config, request);
        }));
        return command;
    }

    private static Option<string> TenantsOption() => new("--tenants")
    {
        Description = "the tenants file",
        DefaultValueFactory = _ => TenantsFile.DefaultPath,
        HelpName = "FILE",
    };

    private static Option<string?> LayoutOption() => new Option<string?>("--layout")
    {
        Description = "el9 (/etc/httpd/conf.d, httpd) or debian (/etc/apache2/conf-available, apache2ctl); default: this machine's",
        HelpName = "el9|debian",
    }.AcceptOnlyFromAmong("el9", "debian");

    private static Option<string?> OutOption() => new("--out")
    {
        Description = "the directory of the rendered files (default: the layout's)",
        HelpName = "DIR",
    };

    private static Command Render()
    {
        var tenants = TenantsOption();
        var layout = LayoutOption();
        var output = OutOption();
        var diff = new Option<bool>("--diff") { Description = "show what would change (unified diff) and write nothing; exit 2 when something would change" };
        var checkWith = new Option<string?>("--check-with")
        {
            Description = "test with this program before anything is replaced: apache2ctl, httpd, apache2, apachectl, a path, or none (default: the layout's)",
            HelpName = "PROGRAM",
        };
        var httpdConfig = new Option<string?>("--httpd-config")
        {
            Description = "the server's configuration file for the in-place test (-f); default: the program's own",
            HelpName = "FILE",
        };
        var reload = new Option<bool>("--reload")
        {
            Description = "then, on the node that runs the webserver resource, run its agent's reload with the resource's parameters: the configuration is tested and httpd restarts gracefully (no connection dropped)",
        };
        var modules = new Option<string?>("--modules-dir") { Description = "where mod_proxy.so and the other modules are (default: found)", HelpName = "DIR" };
        var command = new Command("render",
            "write one loadbalancer_tenantN.conf per tenant and loadbalancer_common.conf, each tested with the real httpd -t " +
            "(alone, and the server's whole configuration with the new files in place) before it replaces anything; " +
            "writes are atomic and touch only files that change; " + ExitCodes)
        {
            tenants, layout, output, diff, checkWith, httpdConfig, modules, reload,
        };
        command.SetAction(parse => AdminBoundary.Run("tenants render", Console.Error, () =>
        {
            if (parse.GetValue(diff) && parse.GetValue(reload))
            {
                Console.Error.WriteLine("giragent tenants render: --diff writes nothing, so there is nothing to --reload");
                return AdminExit.Usage;
            }
            var chosen = parse.GetValue(layout) is { } name ? HttpdLayout.Find(name)! : HttpdLayout.Detect();
            var check = parse.GetValue(checkWith) ?? chosen.CheckProgram;
            var request = new RenderRequest(
                parse.GetValue(tenants)!,
                chosen,
                Path.GetFullPath(parse.GetValue(output) ?? chosen.ConfigDirectory),
                parse.GetValue(httpdConfig) is { } mainConfig ? Path.GetFullPath(mainConfig) : null,
                check == "none" ? null : check,
                parse.GetValue(modules),
                parse.GetValue(diff),
                parse.GetValue(reload));
            return new TenantsRender(CommandRunner.Default, Console.Out, Console.Error).Run(request);
        }));
        return command;
    }

    private static Command Import()
    {
        var files = new Argument<string[]>("FILE") { Description = "hand-written tenant files (loadbalancer_tenantN.conf)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "write the tenants file here (default: standard output)", HelpName = "FILE" };
        var force = new Option<bool>("--force") { Description = "replace --output if it exists" };
        var command = new Command("import",
            "read hand-written tenant files (the seed's broken ones too) into the tenants format, reporting each defect as FILE:LINE; " +
            "exit 0 clean, 2 defects found (corrected in the output), 3 the result is not a valid tenants file, 5 a file could not be read or written")
        {
            files, output, force,
        };
        command.SetAction(parse => AdminBoundary.Run("tenants import", Console.Error, () =>
        {
            var inputs = new List<(string, string)>();
            foreach (var input in parse.GetValue(files)!)
            {
                if (!File.Exists(input))
                {
                    Console.Error.WriteLine($"giragent tenants import: {input}: no such file");
                    return AdminExit.Failed;
                }
                try
                {
                    inputs.Add((input, GirAgent.Posix.BoundedFile.ReadText(input, TenantsFile.MaxBytes)));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"giragent tenants import: cannot read {input}: {e.Message}");
                    return AdminExit.Failed;
                }
            }
            var result = TenantsImporter.Import(inputs);
            foreach (var finding in result.Findings) Console.Error.WriteLine(finding);
            var json = TenantsFile.Serialize(result.Document);
            var invalid = false;
            try
            {
                var config = TenantsFile.Parse(json, "the imported tenants file");
                foreach (var warning in config.Warnings) Console.Error.WriteLine("warning: " + warning);
            }
            catch (TenantsFileException e)
            {
                Console.Error.WriteLine("giragent tenants import: the result is not a valid tenants file yet; fix these in it:");
                foreach (var error in e.Errors) Console.Error.WriteLine("  " + error);
                invalid = true;
            }
            if (parse.GetValue(output) is { } path)
            {
                if (File.Exists(path) && !parse.GetValue(force))
                {
                    Console.Error.WriteLine($"giragent tenants import: {path} exists: --force replaces it");
                    return AdminExit.Failed;
                }
                File.WriteAllText(path, json);
                Console.Error.WriteLine($"wrote {path}");
            }
            else Console.Out.Write(json);
            var defects = result.Findings.Count(f => f.Severity == ImportSeverity.Defect);
            Console.Error.WriteLine($"{result.Document.Tenants?.Count ?? 0} tenant(s) imported; {defects} defect(s), {result.Findings.Count - defects} note(s)");
            return invalid ? AdminExit.Invalid : defects > 0 ? AdminExit.Findings : AdminExit.Ok;
        }));
        return command;
    }

    private static Command Check()
    {
        var tenants = TenantsOption();
        var layout = LayoutOption();
        var output = OutOption();
        var statusUrl = new Option<string>("--status-url")
        {
            Description = "this node's mod_status URL",
            DefaultValueFactory = _ => "http://localhost/server-status",
            HelpName = "URL",
        };
        var timeout = new Option<int>("--timeout") { Description = "seconds for each member's connect and for server-status", DefaultValueFactory = _ => 3, HelpName = "SECONDS" };
        var noPublish = new Option<bool>("--no-publish") { Description = $"do not publish the digest as node attribute {TenantsDigest.AttributeName} nor compare nodes" };
        var node = new Option<string?>("--node") { Description = "this node's name in the cluster (default: crm_node -n)", HelpName = "NAME" };
        var tlsVerify = new Option<bool>("--tls-verify") { Description = "verify the certificate of an https status URL" };
        var command = new Command("check",
            "on a running node: every balancer of the tenants file is in server-status (or why not), every member accepts a connection, " +
            $"and this node's configuration digest is published ({TenantsDigest.AttributeName}) and compared with the other nodes'; " +
            "exit 0 ok, 2 problems, 3 invalid tenants file")
        {
            tenants, layout, output, statusUrl, timeout, noPublish, node, tlsVerify,
        };
        command.SetAction(parse => AdminBoundary.Run("tenants check", Console.Error, () =>
        {
            if (!Uri.TryCreate(parse.GetValue(statusUrl), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                Console.Error.WriteLine($"giragent tenants check: --status-url '{parse.GetValue(statusUrl)}' is not an http or https URL");
                return AdminExit.Usage;
            }
            var seconds = parse.GetValue(timeout);
            if (seconds is < 1 or > 60)
            {
                Console.Error.WriteLine("giragent tenants check: --timeout must be 1 to 60 seconds");
                return AdminExit.Usage;
            }
            var chosen = parse.GetValue(layout) is { } name ? HttpdLayout.Find(name)! : HttpdLayout.Detect();
            var request = new CheckRequest(parse.GetValue(tenants)!, chosen, Path.GetFullPath(parse.GetValue(output) ?? chosen.ConfigDirectory), url,
                TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(Math.Max(seconds, 5)), !parse.GetValue(noPublish), parse.GetValue(node), parse.GetValue(tlsVerify));
            return new TenantsCheck(CommandRunner.Default, Console.Out).Run(request);
        }));
        return command;
    }

}
