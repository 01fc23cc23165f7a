namespace GirAgent.Net;

/// <summary>A request rtnetlink refused or could not answer: the errno and a one-line description.</summary>
internal sealed class NetlinkException(int errno, string message) : Exception(message)
{
    public int Errno { get; } = errno;
}
