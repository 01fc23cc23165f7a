namespace GirAgent.Httpd;

internal static class ServerStatusUrl
{
    /// <summary>The machine-readable form of a mod_status URL: <c>auto</c> added to its query unless already there.</summary>
    public static Uri WithAuto(Uri statusUrl)
    {
        var query = statusUrl.Query.TrimStart('?');
        if (query.Split('&').Any(p => p.Equals("auto", StringComparison.OrdinalIgnoreCase))) return statusUrl;
        return new UriBuilder(statusUrl) { Query = query.Length == 0 ? "auto" : query + "&auto" }.Uri;
    }
}
