namespace GirAgent.Net;

internal sealed record HttpProbeResponse(Uri Url, int StatusCode, string Reason, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
