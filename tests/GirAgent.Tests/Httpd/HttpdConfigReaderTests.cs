using GirAgent.Httpd;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Httpd;

public sealed class HttpdConfigReaderTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (string? Address, int Port, string? Protocol)[] Tuples(IEnumerable<ListenDirective> listens) =>
        listens.Select(l => (l.Address, l.Port, l.Protocol)).ToArray();

    [Theory]
    [InlineData("80", null, null, 80, false)]
    [InlineData("443", null, null, 443, true)]
    [InlineData("127.0.0.1:8080", null, "127.0.0.1", 8080, false)]
    [InlineData("[::1]:8443", "https", "::1", 8443, true)]
    [InlineData("[2001:db8::1]:80", null, "2001:db8::1", 80, false)]
    [InlineData("*:80", null, "*", 80, false)]
    [InlineData("0.0.0.0:443", null, "0.0.0.0", 443, true)]
    [InlineData("443", "http", null, 443, false)]
    [InlineData("8443", "HTTPS", null, 8443, true)]
    [InlineData("65535", null, null, 65535, false)]
    public void Every_form_of_Listen_gives_address_port_and_protocol(string value, string? protocol, string? address, int port, bool https)
    {
        var listen = HttpdConfigReader.ParseListen(value, protocol);

        Assert.NotNull(listen);
        Assert.Equal(new ListenDirective(address, port, protocol), listen);
        Assert.Equal(https, listen.IsHttps);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("http")]
    [InlineData("")]
    [InlineData("127.0.0.1:")]
    [InlineData("[::1]")]
    [InlineData("[::1]8080")]
    [InlineData("[::1:8080")]
    [InlineData("127.0.0.1:port")]
    public void A_Listen_without_a_usable_port_is_ignored(string value)
    {
        Assert.Null(HttpdConfigReader.ParseListen(value, null));
    }

    [Fact]
    public void Listen_directives_are_found_in_order_whatever_their_case_and_comments_are_skipped()
    {
        var config = _dir.Write("httpd.conf", """
            # Listen 1
            ServerName www.example.com
            Listen 80
              listen 127.0.0.1:8080
            LISTEN [::1]:8443 https
            #Listen 2
            """);

        var listens = HttpdConfigReader.FindListen(config, NoEnvironment);

        Assert.Equal([(null, 80, null), ("127.0.0.1", 8080, null), ("::1", 8443, "https")], Tuples(listens));
    }

    [Fact]
    public void A_directive_continued_with_a_backslash_is_read_whole()
    {
        var config = _dir.Write("httpd.conf", "Listen \\\n    8081\n");

        var listens = HttpdConfigReader.FindListen(config, NoEnvironment);

        Assert.Equal([(null, 8081, null)], Tuples(listens));
    }

    [Fact]
    public void Include_globs_are_read_relative_to_the_ServerRoot_in_name_order()
    {
        // Arrange: the main file lives elsewhere and names its ServerRoot
        var root = _dir.Combine("root");
        _dir.Write("root/conf.d/20-b.conf", "Listen 8082\n");
        _dir.Write("root/conf.d/10-a.conf", "Listen 8081\n");
        _dir.Write("root/conf.d/readme.txt", "Listen 9999\n");
        var config = _dir.Write("etc/httpd.conf", $"ServerRoot \"{root}\"\nListen 80\nInclude conf.d/*.conf\n");

        // Act
        var listens = HttpdConfigReader.FindListen(config, NoEnvironment);

        // Assert
        Assert.Equal([80, 8081, 8082], listens.Select(l => l.Port));
    }

    [Fact]
    public void Without_ServerRoot_relative_includes_are_read_from_the_configuration_directory()
    {
        _dir.Write("apache2/ports.conf", "Listen 8080\n<IfModule ssl_module>\n    Listen 8443\n</IfModule>\n");
        var config = _dir.Write("apache2/apache2.conf", "Include ports.conf\n");

        var listens = HttpdConfigReader.FindListen(config, NoEnvironment);

        Assert.Equal([8080, 8443], listens.Select(l => l.Port));
    }

    [Fact]
    public void A_given_ServerRoot_is_used_for_relative_includes()
    {
        _dir.Write("srv/extra/listen.conf", "Listen 8090\n");
        var config = _dir.Write("conf/httpd.conf", "Include extra/listen.conf\n");

        var listens = HttpdConfigReader.FindListen(config, NoEnvironment, serverRoot: _dir.Combine("srv"));

        Assert.Equal([8090], listens.Select(l => l.Port));
    }

    [Fact]
    public void IncludeOptional_of_an_absolute_quoted_glob_is_read()
    {
        var sites = _dir.Combine("sites-enabled");
        _dir.Write("sites-enabled/000-default.conf", "Listen 8000\n");
        _dir.Write("sites-enabled/site.conf", "Listen 8001\n");
        var config = _dir.Write("apache2.conf", $"IncludeOptional \"{sites}/*.conf\"\n");

        var listens = HttpdConfigReader.FindListen(config, NoEnvironment);

        Assert.Equal([8000, 8001], listens.Select(l => l.Port));
    }

    [Fact]
    public void Including_a_directory_reads_every_file_in_it()
    {
        _dir.Write("conf/vhosts/b", "Listen 8002\n");
        _dir.Write("conf/vhosts/a", "Listen 8001\n");
        var config = _dir.Write("conf/httpd.conf", "Include vhosts\nInclude vhosts/\n");

        var listens = HttpdConfigReader.FindListen(config, NoEnvironment);

        Assert.Equal([8001, 8002, 8001, 8002], listens.Select(l => l.Port));
    }

    [Fact]
    public void Missing_includes_are_ignored()
    {
        var config = _dir.Write("httpd.conf", """
            IncludeOptional conf.d/*.conf
            IncludeOptional /nonexistent/girlb/*.conf
            Include missing.conf
            Include /nonexistent/girlb/ports.conf
            Listen 8080
            """);

        var listens = HttpdConfigReader.FindListen(config, NoEnvironment);

        Assert.Equal([8080], listens.Select(l => l.Port));
    }

    [Fact]
    public void A_missing_configuration_file_has_no_Listen()
    {
        Assert.Empty(HttpdConfigReader.FindListen(_dir.Combine("nope.conf"), NoEnvironment));
    }

    [Fact]
    public void Environment_variables_are_expanded_in_directives()
    {
        _dir.Write("envdir/ports.conf", "Listen ${APACHE_PORT}\n");
        var config = _dir.Write("httpd.conf", "Include ${CONF_DIR}/ports.conf\nListen ${HOST}:${TLS_PORT} https\n");
        var env = new Dictionary<string, string>
        {
            ["CONF_DIR"] = _dir.Combine("envdir"),
            ["APACHE_PORT"] = "8181",
            ["HOST"] = "10.0.0.5",
            ["TLS_PORT"] = "8443",
        };

        var listens = HttpdConfigReader.FindListen(config, env);

        Assert.Equal([(null, 8181, null), ("10.0.0.5", 8443, "https")], Tuples(listens));
    }

    [Fact]
    public void An_undefined_variable_is_left_as_is_and_its_Listen_ignored()
    {
        var config = _dir.Write("httpd.conf", "Listen ${UNDEFINED_PORT}\nListen 8080\n");

        var listens = HttpdConfigReader.FindListen(config, NoEnvironment);

        Assert.Equal([8080], listens.Select(l => l.Port));
    }

    [Fact]
    public void A_file_that_includes_itself_is_read_a_bounded_number_of_times()
    {
        var config = _dir.Write("loop.conf", "Listen 8080\nInclude loop.conf\n");

        var listens = HttpdConfigReader.FindListen(config, NoEnvironment);

        Assert.InRange(listens.Count, 1, 32);
        Assert.All(listens, l => Assert.Equal(8080, l.Port));
    }

    [Fact]
    public void Files_that_include_each_other_are_read_a_bounded_number_of_times()
    {
        _dir.Write("b.conf", "Listen 8082\nInclude a.conf\n");
        var config = _dir.Write("a.conf", "Listen 8081\nInclude b.conf\n");

        var listens = HttpdConfigReader.FindListen(config, NoEnvironment);

        Assert.InRange(listens.Count, 2, 32);
        Assert.Equal([8081, 8082], listens.Take(2).Select(l => l.Port));
    }

    [Fact]
    public void A_glob_that_includes_its_own_directory_many_times_stays_bounded()
    {
        // each file includes every file of the directory: without a bound this grows as 4^depth
        for (var i = 0; i < 4; i++)
            _dir.Write($"fan/{i}.conf", $"Listen {8000 + i}\nInclude *.conf\n");
        var config = _dir.Combine("fan/0.conf");

        var listens = HttpdConfigReader.FindListen(config, NoEnvironment);

        Assert.InRange(listens.Count, 4, 512);
        Assert.Equal(8000, listens[0].Port);
    }
}
