namespace GirAgent.Pacemaker;

/// <summary>
/// Thrown by <see cref="CrmMonParser.Parse"/> when the text
/// is not usable crm_mon XML, or when crm_mon itself reported an error. The message is always one
/// line naming what was wrong and, where it applies, where (line and position), so it can go
/// straight into <c>ocf-exit-reason:</c> or a status screen.
/// </summary>
internal sealed class CrmMonFormatException : FormatException
{
    /// <summary>
    /// A bug of the parser (an exception it did not expect), reported in the documented form so that a monitor never
    /// crashes, but never a verdict on the input: tests that feed hostile input fail on it.
    /// </summary>
    public bool IsInternalError { get; init; }

    public CrmMonFormatException()
        : base("invalid crm_mon XML")
    {
    }

    public CrmMonFormatException(string message)
        : base(message)
    {
    }

    public CrmMonFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal CrmMonFormatException(string message, int lineNumber, int linePosition, Exception? innerException = null)
        : base(message, innerException)
    {
        LineNumber = lineNumber > 0 ? lineNumber : null;
        LinePosition = linePosition > 0 ? linePosition : null;
    }

    internal CrmMonFormatException(string message, int statusCode, ClusterSnapshot? partialSnapshot)
        : base(message)
    {
        StatusCode = statusCode;
        PartialSnapshot = partialSnapshot;
    }

    /// <summary>1-based line of the problem, when it is tied to a place in the document.</summary>
    public int? LineNumber { get; }

    /// <summary>1-based position in that line.</summary>
    public int? LinePosition { get; }

    /// <summary>
    /// The non-zero <c>&lt;status code&gt;</c> crm_mon reported (e.g. 102, not connected), when that
    /// is the reason; <c>null</c> for a malformed document.
    /// </summary>
    public int? StatusCode { get; }

    /// <summary>
    /// When crm_mon reported an error but also wrote cluster sections, what could be read of them;
    /// <c>null</c> otherwise (crm_mon usually writes nothing but the status when it fails).
    /// </summary>
    public ClusterSnapshot? PartialSnapshot { get; }
}
