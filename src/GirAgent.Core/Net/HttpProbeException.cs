namespace GirAgent.Net;

/// <summary>A request that got no usable answer; the message says why in one line.</summary>
internal sealed class HttpProbeException(string message) : Exception(message);
