using System.Net;
using System.Net.Sockets;
using GirAgent.Net;

namespace GirAgent.Tests.Net;

/// <summary>When a listener stops taking connections, on loopback.</summary>
public sealed class ListenerProbeTests
{
    [Fact]
    public void The_first_refusal_comes_when_the_listener_closes()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        // closed from a thread of its own: the thread pool may be busy with the other tests
        var closer = new Thread(() => { Thread.Sleep(300); listener.Stop(); });
        closer.Start();

        var refused = ListenerProbe.FirstRefusal(endpoint, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));

        closer.Join();
        Assert.NotNull(refused);
        Assert.InRange(refused.Value, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_listener_that_stays_is_never_refused_and_none_at_all_at_once()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        try
        {
            Assert.Null(ListenerProbe.FirstRefusal(endpoint, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(10)));
        }
        finally
        {
            listener.Stop();
        }

        Assert.InRange(ListenerProbe.FirstRefusal(endpoint, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10))!.Value, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
    }

    [Theory]
    [InlineData("http://127.0.0.1/server-status", "127.0.0.1:80")]
    [InlineData("https://localhost:8443/server-status", "127.0.0.1:8443")]
    [InlineData("http://[::1]:81/server-status", "[::1]:81")]
    public void The_endpoint_of_a_status_url_on_an_address(string url, string endpoint) =>
        Assert.Equal(endpoint, ListenerProbe.EndpointOf(new Uri(url))!.ToString());

    [Fact]
    public void A_status_url_on_a_name_has_no_endpoint_to_probe() =>
        Assert.Null(ListenerProbe.EndpointOf(new Uri("http://lb.example.test/server-status")));
}
