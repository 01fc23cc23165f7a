using GirAgent.Daemon;
using Microsoft.AspNetCore.Http;

namespace GirAgent.Tests.Daemon;

/// <summary>Which paths may name nodes, members and failovers, and so are answered over the network only with authentication.</summary>
public sealed class EndpointAccessTests
{
    [Theory]
    [InlineData("/status", true)]
    [InlineData("/events", true)]
    [InlineData("/", true)]
    [InlineData("/ui", true)]
    [InlineData("/ui/", true)]
    [InlineData("/ui/fragment", true)]
    [InlineData("/ui/app.js", true)]
    [InlineData("/UI", true)]
    [InlineData("/STATUS", true)]
    [InlineData("/status/", true)]
    [InlineData("/Events", true)]
    [InlineData("/anything-else", true)]
    [InlineData("/metrics", false)]
    [InlineData("/metrics/", false)]
    [InlineData("/health", false)]
    [InlineData("/live", false)]
    [InlineData("/alert", false)]
    public void The_status_page_is_guarded_like_status(string path, bool detail) =>
        Assert.Equal(detail, Endpoints.IsDetail(new PathString(path)));
}
