using System.Net;
using System.Net.Sockets;
using System.Text;
using GirAgent.IntegrationTests.Support;
using static GirAgent.IntegrationTests.Tenants.TenantsFixtures;

namespace GirAgent.IntegrationTests.Tenants;

/// <summary>
/// The rendered configuration serving for real: apache2 started by ocf:gir:webserver with two
/// tenants' balancers in front of small backends on 127.0.0.1. Proves what the seed got wrong is
/// right now: each tenant's route cookie and cookie-path rewriting stay with that tenant.
/// </summary>
public sealed class LiveBalancerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("girlb-tenants-live-");
    private readonly List<Backend> _backends = [];
    private readonly HttpdSandbox _httpd;
    private readonly string _tenants;
    private readonly string _conf;

    public LiveBalancerTests()
    {
        File.SetUnixFileMode(_dir.FullName, (UnixFileMode)0b111_101_101);
        Backend Start(string route) { var b = new Backend(route); _backends.Add(b); return b; }
        string Members(params Backend[] backends) => string.Join(", ", backends.Select(b => $$"""{ "host": "127.0.0.1", "port": {{b.Port}}{{b.Extra}} }"""));
        var t1rws = new[] { Start("T1RWS1"), Start("T1RWS2") };
        var t1rp = Start("");
        var t1rcs = Start("Crypto_1");
        t1rcs.Extra = ", \"application\": \"Crypto 1\"";
        var t2rws = new[] { Start("T2RWS1") };
        foreach (var b in t1rws.Concat(t2rws)) b.Extra = $", \"route\": \"{b.Route}\"";
        _tenants = Path.Combine(_dir.FullName, "tenants.json");
        File.WriteAllText(_tenants, $$"""
            { "tenants": [
              { "id": "t1", "rws": { "members": [ {{Members(t1rws)}} ] }, "rp": { "members": [ {{Members(t1rp)}} ] },
                "rcs": { "members": [ {{Members(t1rcs)}} ] } },
              { "id": "t2", "rws": { "members": [ {{Members(t2rws)}} ] } } ] }
            """);
        _conf = Path.Combine(_dir.FullName, "conf.d");
        var render = Giragent("tenants", "render", "--tenants", _tenants, "--layout", "debian", "--out", _conf, "--check-with", "apache2ctl");
        Assert.True(render.ExitCode == 0, render.ToString());
        _httpd = new HttpdSandbox($"LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so\nIncludeOptional {_conf}/*.conf", "tenants");
        var start = _httpd.Agent("start");
        Assert.True(start.ExitCode == 0, start.ToString());
    }

    public void Dispose()
    {
        _httpd.Agent("stop");
        _httpd.Dispose();
        foreach (var b in _backends) b.Dispose();
        _dir.Delete(recursive: true);
    }

    private static (HttpStatusCode Status, string Body, List<string> Cookies) Get(string url)
    {
        using var handler = new HttpClientHandler { UseCookies = false };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url));
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        using var reader = new StreamReader(response.Content.ReadAsStream());
        return (response.StatusCode, reader.ReadToEnd(), cookies);
    }

    [Fact]
    public void Each_tenant_sets_its_own_route_cookie_and_no_other()
    {
        var t1 = Get($"{_httpd.BaseUrl}/t1/api/calls");
        var t2 = Get($"{_httpd.BaseUrl}/t2/internal-api/x");
        var rp = Get($"{_httpd.BaseUrl}/t1/rp/api/x");

        Assert.Equal(HttpStatusCode.OK, t1.Status);
        var cookie = Assert.Single(t1.Cookies);
        Assert.Matches(@"^ROUTEID=\.T1RWS[12]; path=/t1$", cookie);
        Assert.StartsWith("backend T1RWS", t1.Body);
        Assert.Equal(["ROUTEID=.T2RWS1; path=/t2"], t2.Cookies);
        Assert.Equal("backend  /internal-api/x", t2.Body.Replace("T2RWS1", "", StringComparison.Ordinal));
        Assert.Empty(rp.Cookies);
    }

    [Fact]
    public void The_route_cookie_keeps_a_session_on_its_member()
    {
        using var handler = new HttpClientHandler { UseCookies = false };
        using var client = new HttpClient(handler);
        for (var i = 0; i < 4; i++)
        {
            using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, $"{_httpd.BaseUrl}/t1/api/x") { Headers = { { "Cookie", "ROUTEID=.T1RWS2" } } });
            using var reader = new StreamReader(response.Content.ReadAsStream());
            Assert.StartsWith("backend T1RWS2", reader.ReadToEnd());
            Assert.False(response.Headers.Contains("Set-Cookie"), "the route did not change: no new cookie");
        }
    }

    [Fact]
    public void RCS_session_cookies_get_the_tenants_path()
    {
        var rcs = Get($"{_httpd.BaseUrl}/t1/rcs/keys");

        Assert.Equal(HttpStatusCode.OK, rcs.Status);
        var cookie = Assert.Single(rcs.Cookies);
        Assert.Matches(@"^JSESSIONID=[0-9a-f]+\.Crypto_1; Path=/t1/rcs$", cookie);
    }

    [Fact]
    public void Tenants_check_sees_every_balancer_and_member_and_names_the_one_that_is_down()
    {
        string[] args = ["tenants", "check", "--tenants", _tenants, "--layout", "debian", "--out", _conf,
            "--status-url", $"{_httpd.BaseUrl}/server-status", "--timeout", "2", "--no-publish"];

        var ok = Giragent(args);
        _backends[0].Dispose();
        var down = Giragent(args);

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("ok       balancer://t1rcs (t1 RCS): 1 members listed", ok.StandardOutput);
        Assert.Contains("ok       all 5 members accept connections", ok.StandardOutput);
        Assert.Equal(2, down.ExitCode);
        Assert.Contains($"DOWN     http://127.0.0.1:{_backends[0].Port} (t1 RWS): connect to 127.0.0.1:{_backends[0].Port}: connection refused", down.StandardOutput);
    }

    /// <summary>A backend that answers every request with its route and, for RCS, a JSESSIONID cookie as Tomcat sets it.</summary>
    private sealed class Backend : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public Backend(string route)
        {
            Route = route;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(Serve);
        }

        public string Route { get; }
        public int Port { get; }
        public string Extra { get; set; } = "";

        private async Task Serve()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        var stream = client.GetStream();
                        var buffer = new byte[8192];
                        var request = new StringBuilder();
                        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                        {
                            var n = await stream.ReadAsync(buffer);
                            if (n == 0) return;
                            request.Append(Encoding.ASCII.GetString(buffer, 0, n));
                        }
                        var path = request.ToString().Split(' ')[1];
                        var body = $"backend {Route} {path}";
                        var cookie = path.StartsWith("/rcs", StringComparison.Ordinal) ? $"Set-Cookie: JSESSIONID={Guid.NewGuid():N}.{Route}; Path=/rcs\r\n" : "";
                        var answer = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\n{cookie}Connection: close\r\n\r\n{body}";
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
                    }
                });
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
