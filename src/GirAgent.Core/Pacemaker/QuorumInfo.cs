using System.Globalization;

namespace GirAgent.Pacemaker;

/// <summary>
/// Corosync's votequorum as <c>corosync-quorumtool -s</c> tells it on this node: quorate or not, the votes, the flags
/// (<c>2Node</c>, <c>WaitForAll</c>, <c>Qdevice</c>, <c>QdeviceAlive</c>, <c>QdeviceCastVote</c>...) and, with a quorum
/// device, its vote. crm_mon says only whether the partition has quorum; this says why, and whether the tie-breaker
/// still counts.
/// </summary>
internal sealed partial record QuorumInfo
{
    public bool Quorate { get; init; }

    public int? ExpectedVotes { get; init; }

    public int? HighestExpected { get; init; }

    public int? TotalVotes { get; init; }

    /// <summary>Votes needed for quorum.</summary>
    public int? Quorum { get; init; }

    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>The quorum device's votes in the membership list now (0 when it does not vote); null without a quorum device.</summary>
    public int? QDeviceVotes { get; init; }

    /// <summary>
    /// This node's quorum-device state from its membership line: <c>A</c>/<c>NA</c> (corosync-qdevice alive here),
    /// <c>V</c>/<c>NV</c> (voting), <c>MW</c>/<c>NMW</c> (master wins), e.g. <c>A,NV,NMW</c> while qnetd is unreachable.
    /// </summary>
    public string? LocalQDeviceState { get; init; }

    /// <summary>A quorum device is configured and registered (flag <c>Qdevice</c>, or its line in the membership).</summary>
    public bool HasQDevice => QDeviceVotes is not null || Has("Qdevice");

    /// <summary>corosync-qdevice runs on this node (its state says A; without that column, assumed).</summary>
    public bool QDeviceAlive => HasQDevice && LocalQDeviceState?.Split(',')[0] != "NA";

    /// <summary>The quorum device casts its vote for this partition (it answers, and qnetd sided with it).</summary>
    public bool QDeviceVoting => HasQDevice && (QDeviceVotes ?? 0) > 0 && LocalQDeviceState?.Split(',').Contains("NV") != true;

    public bool Has(string flag) => Flags.Contains(flag, StringComparer.Ordinal);

    /// <summary>Longest output read: the status is a screenful; a cluster of 32 nodes lists 32 members.</summary>
    public const int MaxInputChars = 64 * 1024;

    /// <summary>
    /// Reads <c>corosync-quorumtool -s</c>'s output (LC_ALL=C). Null when it is not that (no "Quorate:" line): corosync
    /// not running, or another tool's words.
    /// </summary>
    public static QuorumInfo? Parse(string text)
    {
        if (text.Length > MaxInputChars) return null;
        bool? quorate = null;
        var info = new QuorumInfo();
        var inMembers = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("Membership information", StringComparison.Ordinal)) { inMembers = true; continue; }
            var colon = line.IndexOf(':');
            if (!inMembers && colon > 0)
            {
                var key = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                switch (key)
                {
                    case "Quorate": quorate = value.Equals("Yes", StringComparison.OrdinalIgnoreCase); break;
                    case "Expected votes": info = info with { ExpectedVotes = Int(value) }; break;
                    case "Highest expected": info = info with { HighestExpected = Int(value) }; break;
                    case "Total votes": info = info with { TotalVotes = Int(value) }; break;
                    // "Quorum: 2  Activity blocked" while inquorate
                    case "Quorum": info = info with { Quorum = Int(value.Split(' ', 2)[0]) }; break;
                    case "Flags": info = info with { Flags = value.Split(' ', StringSplitOptions.RemoveEmptyEntries) }; break;
                }
                continue;
            }
            if (!inMembers) continue;
            // "    Nodeid      Votes    Qdevice Name": "1  1  A,V,NMW n1 (local)", and the device itself as node id 0:
            // "0  1  Qdevice" while it votes, "0  0  Qdevice (votes 1)" while it does not
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 3 && words[0] == "0" && words[2] == "Qdevice" && Int(words[1]) is { } votes)
                info = info with { QDeviceVotes = votes };
            else if (words.Length >= 4 && words[^1] == "(local)" && QDeviceStatePattern().IsMatch(words[2]))
                info = info with { LocalQDeviceState = words[2] };
        }
        return quorate is { } q ? info with { Quorate = q } : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^N?A,N?V,N?MW$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex QDeviceStatePattern();

    private static int? Int(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
