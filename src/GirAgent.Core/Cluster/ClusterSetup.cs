using GirAgent.Admin;
using GirAgent.Pacemaker;
using GirAgent.Posix;

namespace GirAgent.Cluster;

/// <summary>
/// <c>giragent cluster setup --apply</c>: copies the CIB to a file (<c>pcs cluster cib</c>), plans
/// against it, runs every pcs step on the file (<c>pcs -f</c>) and pushes it at once
/// (<c>pcs cluster cib-push FILE --config</c>; Pacemaker refuses the push if the CIB changed
/// meanwhile), then reads the CIB again to prove the result. With <paramref name="cibFile"/> it
/// works on that file instead of the live cluster. <paramref name="knownHosts"/>: pcsd's known-hosts file (tests).
/// </summary>
internal sealed class ClusterSetup(ICommandRunner runner, TextWriter output, TextWriter messages, string knownHosts = PcsKnownHosts.DefaultPath)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public int Apply(ClusterSetupSpec spec, bool force, string? cibFile = null)
    {
        var work = Directory.CreateTempSubdirectory("girlb-cluster-");
        try
        {
            var cib = Path.Combine(work.FullName, "girlb.cib");
            if (cibFile is null) Pcs(["cluster", "cib", cib], "reading the CIB");
            else File.Copy(cibFile, cib);

            // the quorum device is corosync.conf's: read before anything is pushed, so a different one refuses it all
            var quorumDevice = cibFile is null && spec.QDeviceHost is not null
                ? QuorumDeviceConfig.Parse(Pcs(["quorum", "config"], "reading the quorum configuration"))
                : null;
            var plan = ClusterSetupPlanner.Plan(spec, ReadCibFile(cib), force, quorumDevice);
            foreach (var warning in plan.Warnings) messages.WriteLine("WARNING: " + warning);
            foreach (var same in plan.Unchanged) output.WriteLine("unchanged: " + same);
            if (plan.Conflicts.Count > 0 && !force)
            {
                foreach (var conflict in plan.Conflicts) messages.WriteLine("differs: " + conflict);
                messages.WriteLine("giragent cluster setup: the cluster holds a different configuration of these resources; nothing changed. " +
                    "--force replaces it (resources are recreated, so they restart).");
                return AdminExit.Refused;
            }
            // pcs quorum device add asks the qnetd host's pcsd for certificates: without its token it fails after the push
            if (cibFile is null && plan.AfterPush.Count > 0 && spec.QDeviceHost is { } qnetd
                && PcsKnownHosts.Read(knownHosts) is { } known && !known.Contains(qnetd))
            {
                messages.WriteLine($"giragent cluster setup: pcs on this node does not know the quorum device host {qnetd}: " +
                    $"run 'pcs host auth {qnetd} -u hacluster' first (pcs quorum device add asks its pcsd for certificates); nothing changed.");
                return AdminExit.Refused;
            }
            if (plan.NothingToDo)
            {
                var added = cibFile is null ? AfterPush(plan) : 0;
                output.WriteLine(added == 0 ? "nothing to change: the cluster already has this configuration" : "the CIB already had this configuration");
                return AdminExit.Ok;
            }

            foreach (var step in plan.Steps)
            {
                output.WriteLine("+ " + step.Display(cib));
                Pcs(["-f", cib, .. step.Arguments], step.Why);
            }

            if (cibFile is null)
            {
                Pcs(["cluster", "cib-push", cib, "--config"], "pushing the new configuration", "; the CIB is unchanged unless pcs says otherwise");
                var check = Path.Combine(work.FullName, "after.cib");
                Pcs(["cluster", "cib", check], "reading the CIB back", " (the push itself succeeded)");
                cib = check;
            }
            else
            {
                var temp = cibFile + ".girlb-new";
                File.Copy(cib, temp, overwrite: true);
                File.Move(temp, cibFile, overwrite: true);
            }

            var after = ClusterSetupPlanner.Plan(spec, ReadCibFile(cib)); // (the CIB's; the quorum device follows)
            if (!after.NothingToDo || after.Conflicts.Count > 0)
            {
                messages.WriteLine("giragent cluster setup: after the push the configuration still differs:");
                foreach (var c in after.Conflicts) messages.WriteLine("  " + c);
                foreach (var s in after.Steps) messages.WriteLine("  missing: " + s.Why);
                return AdminExit.Failed;
            }
            if (cibFile is null) AfterPush(plan);
            output.WriteLine($"applied {plan.Steps.Count} change{(plan.Steps.Count == 1 ? "" : "s")} in one push" +
                (cibFile is null ? "; 'pcs status' shows the resources starting" : $" to {cibFile}"));
            return AdminExit.Ok;
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>A saved CIB (<c>pcs cluster cib FILE</c>, <c>cibadmin --query</c>), read; a file that is not one fails the command.</summary>
    public static CibState ReadCibFile(string path)
    {
        try
        {
            return CibState.Parse(GirAgent.Posix.BoundedFile.ReadText(path, CibState.MaxBytes));
        }
        catch (FormatException e)
        {
            throw new AdminException(AdminExit.Failed, $"{path}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AdminException(AdminExit.Failed, $"cannot read the CIB file {path}: {e.Message}");
        }
    }

    /// <summary>The steps outside the CIB (the quorum device), run after the push; how many ran.</summary>
    private int AfterPush(ClusterSetupPlan plan)
    {
        foreach (var step in plan.AfterPush)
        {
            output.WriteLine("+ pcs " + string.Join(' ', step.Arguments.Select(PcsStep.Quote)));
            Pcs(step.Arguments, step.Why, plan.Steps.Count > 0 ? "; the CIB was pushed, the quorum device is not added" : "");
        }
        return plan.AfterPush.Count;
    }

    private string Pcs(IReadOnlyList<string> args, string what, string consequence = "; nothing was pushed") =>
        new PacemakerTools(runner).Pcs(args, Timeout, what, consequence);
}
