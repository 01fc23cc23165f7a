namespace GirAgent.Metrics;

/// <summary>How the daemon's last read of one source (crm_mon or server-status) went.</summary>
/// <param name="Success">The last read succeeded and parsed.</param>
/// <param name="Duration">How long the last read took.</param>
/// <param name="LastSuccess">When a read last succeeded, if ever.</param>
/// <param name="Failures">Failed reads since the daemon started.</param>
internal sealed record SourceScrape(bool Success, TimeSpan Duration, DateTimeOffset? LastSuccess = null, long Failures = 0);
