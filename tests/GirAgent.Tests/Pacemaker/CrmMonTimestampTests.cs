using GirAgent.Pacemaker;

namespace GirAgent.Tests.Pacemaker;

public sealed class CrmMonTimestampTests
{
    // as crm_mon wrote it, expected UTC in ISO 8601 ("" when unreadable)
    public static TheoryData<string, string> Timestamps() => new()
    {
        // crm_time with timezone (2.x failures, fence events, pacemakerd)
        { "2026-11-23 22:13:59Z", "2026-11-23T22:13:59.0000000Z" },
        { "2026-10-05 12:02:42.088147Z", "2026-10-05T12:02:42.0881470Z" },
        { "2025-01-08 08:59:30 +09:00", "2025-01-07T23:59:30.0000000Z" },
        { "2025-01-08 08:59:30 -0130", "2025-01-08T10:29:30.0000000Z" },
        { "2025-01-08T08:59:30+02", "2025-01-08T06:59:30.0000000Z" },
        { "2026-11-23T22:13:59", "2026-11-23T22:13:59.0000000Z" },
        { "2026-11-23 22:13:59 UTC", "2026-11-23T22:13:59.0000000Z" },
        { "  2026-11-23 22:13:59Z  ", "2026-11-23T22:13:59.0000000Z" },
        { "2024-02-29 00:00:00Z", "2024-02-29T00:00:00.0000000Z" },
        { "2026-01-01 00:30:00 +01:00", "2025-12-31T23:30:00.0000000Z" },

        // ctime/asctime (1.1 everywhere; 2.x summary and operation history), read as UTC (TZ=UTC)
        { "Mon Nov 23 22:13:59 2026", "2026-11-23T22:13:59.0000000Z" },
        { "Tue May  5 12:04:36 2020", "2020-05-05T12:04:36.0000000Z" },
        { "Fri May  8 15:21:03 2020", "2020-05-08T15:21:03.0000000Z" },
        { "Thu Feb 11 16:05:46 2021", "2021-02-11T16:05:46.0000000Z" },
        { "mon nov 23 22:13:59 2026", "2026-11-23T22:13:59.0000000Z" },
        { "Nov 23 22:13:59 2026", "2026-11-23T22:13:59.0000000Z" },
        { "Mon Nov 23 22:13:59 UTC 2026", "2026-11-23T22:13:59.0000000Z" },
        { "Mon Nov 23 22:13:59 2026 +0100", "2026-11-23T21:13:59.0000000Z" },

        // epoch seconds (oldest 1.1 history)
        { "1600000000", "2020-09-13T12:26:40.0000000Z" },
        { "0", "1970-01-01T00:00:00.0000000Z" },

        // unreadable
        { "", "" },
        { "   ", "" },
        { "yesterday", "" },
        { "Could not determine current time", "" },
        { "Mon Feb 30 10:00:00 2026", "" },
        { "Mon Nov 23 25:13:59 2026", "" },
        { "Mon Nov 23 22:13 2026", "" },
        { "Mon Foo 23 22:13:59 2026", "" },
        { "Mon Nov 23 22:13:59", "" },
        { "2026-13-01 00:00:00Z", "" },
        { "2026-11-23", "" },
        { "2026-11-23 22:13:59 +25:00", "" },
        { "2026-11-23 22:13:59 EST", "" },
        { "2026-11-23 22:13:59.Z", "" },
        { "0001-01-01 00:00:00 +01:00", "" },
        { "-1600000000", "" },
        { "99999999999999999999", "" },
        { "9999-12-31 23:59:59 -14:00", "" },
    };

    [Theory]
    [MemberData(nameof(Timestamps))]
    public void Reads_every_timestamp_form_crm_mon_writes_as_utc(string text, string expected)
    {
        // Act
        var value = CrmMonParser.ParseTimestamp(text);

        // Assert
        Assert.Equal(expected, value?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "");
        Assert.True(value is null || value.Value.Offset == TimeSpan.Zero);
    }
}
