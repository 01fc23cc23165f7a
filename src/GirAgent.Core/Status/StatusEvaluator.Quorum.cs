using GirAgent.Pacemaker;

namespace GirAgent.Status;

/// <summary>Quorum in the status report: Corosync's votes and the quorum device, beside crm_mon's "partition with quorum".</summary>
internal static partial class StatusEvaluator
{
    private static QuorumSection? QuorumOf(ClusterSnapshot snapshot) =>
        snapshot.Quorum is not { } q ? null
        : new QuorumSection(q.Quorate, q.ExpectedVotes, q.TotalVotes, q.Quorum, q.Flags,
            q.HasQDevice ? new QDeviceSection(q.QDeviceVotes ?? 0, q.QDeviceAlive, q.QDeviceVoting) : null);

    private static void QuorumProblems(QuorumSection? quorum, List<Problem> problems)
    {
        if (quorum?.QDevice is not { Voting: false } qdevice) return;
        // both nodes still see each other and stay quorate; the tie-breaker is what is lost
        var why = qdevice.Alive ? "corosync-qdevice does not reach corosync-qnetd, or qnetd sided with the other partition" : "corosync-qdevice is not running on this node";
        problems.Add(new Problem(quorum.Quorate ? Health.Degraded : Health.Critical, "qdevice",
            $"the quorum device does not vote ({why}): with no tie-breaker, the loss of one more node stops the service",
            "'corosync-qdevice-tool -sv' here; on the qnetd host 'corosync-qnetd-tool -lv' (is it running, does it reach this node on TCP 5403?)",
            Checks.Quorum));
    }
}
