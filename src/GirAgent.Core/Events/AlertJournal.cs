using System.Text.Json;
using System.Text.Json.Serialization;
using GirAgent.Posix;

namespace GirAgent.Events;

/// <summary>One alert as the daemon received it: when, and Pacemaker's <c>CRM_alert_*</c> variables.</summary>
internal sealed record JournaledAlert(
    [property: JsonPropertyName("received")] DateTimeOffset Received,
    [property: JsonPropertyName("fields")] Dictionary<string, string> Fields);

/// <summary>
/// The alerts the daemon has acknowledged and not yet told in full: each is appended and fsynced here
/// before the alert agent hears "accepted", because an alert's stop or start waits (up to
/// <see cref="FailoverTracker.HoldLimit"/>) for a snapshot to give its cause, and Pacemaker never sends an
/// alert twice. Emptied once the tracker holds nothing back; a daemon that starts finds here what a crash
/// left untold and tells it (<c>PATH</c> is the event log's path + <c>.alerts</c>, mode rw-r-----).
/// </summary>
internal sealed class AlertJournal(string path)
{
    /// <summary>The most bytes read back at start (thousands of alerts; more is not a journal girlb wrote).</summary>
    public const long MaxBytes = 8 * 1024 * 1024;

    public string FilePath { get; } = path;

    /// <summary>Appends one alert and fsyncs it; on failure the journal is as it was and this throws.</summary>
    public void Append(JournaledAlert alert)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(alert, AlertJournalJsonContext.Default.JournaledAlert);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        // a failed append (a full disk) leaves the journal as it was: the next one never lands on its fragment
        LineLog.Append(FilePath, line, EventStore.LogFileMode);
    }

    /// <summary>Every alert journaled and not cleared, oldest first; lines that are not alerts (a torn last one) are skipped.</summary>
    public IReadOnlyList<JournaledAlert> ReadAll()
    {
        if (!File.Exists(FilePath)) return [];
        var alerts = new List<JournaledAlert>();
        string text;
        try { text = BoundedFile.ReadText(FilePath, MaxBytes); }
        catch (InputTooLargeException) { return []; }
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0) continue;
            try
            {
                if (JsonSerializer.Deserialize(line, AlertJournalJsonContext.Default.JournaledAlert) is { Fields: not null } alert) alerts.Add(alert);
            }
            catch (JsonException) { }
        }
        return alerts;
    }

    /// <summary>Everything journaled is told: the journal starts empty again.</summary>
    public void Clear()
    {
        if (!File.Exists(FilePath) || new FileInfo(FilePath).Length == 0) return;
        using var stream = new FileStream(FilePath, FileMode.Truncate, FileAccess.Write);
        stream.Flush(flushToDisk: true);
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JournaledAlert))]
internal sealed partial class AlertJournalJsonContext : JsonSerializerContext;
