namespace GirAgent.Net;

/// <summary>A request that got no usable answer; the message says why in one line.</summary>
public sealed class HttpProbeException(string message) : Exception(message);
