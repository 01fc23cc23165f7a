namespace GirAgent.Httpd;

/// <summary>
/// Thrown by <see cref="ServerStatusParser.Parse"/> when the text is not a usable mod_status
/// <c>?auto</c> page. The message is always a single line naming what was wrong (and, where it
/// applies, the line number and key), so it can go straight into <c>ocf-exit-reason:</c>.
/// </summary>
internal sealed class ServerStatusFormatException : Exception
{
    /// <summary>
    /// A bug of the parser (an exception it did not expect), reported in the documented form so that a monitor never
    /// crashes, but never a verdict on the input: tests that feed hostile input fail on it.
    /// </summary>
    public bool IsInternalError { get; init; }

    public ServerStatusFormatException()
        : base("invalid mod_status ?auto page")
    {
    }

    public ServerStatusFormatException(string message)
        : base(message)
    {
    }

    public ServerStatusFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ServerStatusFormatException(string message, int lineNumber)
        : base(message)
    {
        LineNumber = lineNumber;
    }

    /// <summary>1-based line number the problem was found on, when it is tied to one line.</summary>
    public int? LineNumber { get; }
}
