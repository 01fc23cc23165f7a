namespace GirAgent.Pacemaker;

/// <summary>
/// The quorum device corosync.conf configures, as <c>pcs quorum config</c> prints it (pcs 0.11 and 0.12 alike): its
/// model and, for model net, the qnetd host and the algorithm. What runs is <see cref="QuorumInfo"/>'s.
/// </summary>
internal sealed record QuorumDeviceConfig(string? Model, string? Host, string? Algorithm)
{
    /// <summary>The device of <c>pcs quorum config</c>'s output; null when it names none ("Options:" alone).</summary>
    public static QuorumDeviceConfig? Parse(string text)
    {
        string? model = null, host = null, algorithm = null;
        var inDevice = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if (!char.IsWhiteSpace(line[0]))
            {
                inDevice = line.Trim() == "Device:";
                continue;
            }
            if (!inDevice) continue;
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var value = line[(colon + 1)..].Trim();
            switch (line[..colon].Trim())
            {
                case "Model": model = value; break;
                case "host": host = value; break;
                case "algorithm": algorithm = value; break;
            }
        }
        return model is null && host is null ? null : new QuorumDeviceConfig(model, host, algorithm);
    }
}
