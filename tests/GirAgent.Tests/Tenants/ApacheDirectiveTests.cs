using GirAgent.Httpd;

namespace GirAgent.Tests.Tenants;

public sealed class ApacheDirectiveTests
{
    [Fact]
    public void Directives_keep_their_line_arguments_and_quotes_removed()
    {
        const string text = """
            # a comment
            <Proxy "balancer://t1rws">
                BalancerMember "http://a:8080" route=A \
                    status=+H
            </Proxy>

            Header add Set-Cookie "ROUTEID=.%{BALANCER_WORKER_ROUTE}e; path=/t1" env=BALANCER_ROUTE_CHANGED
            <Proxy balancer://t1rp
            """;

        var directives = ApacheDirective.Read(text);

        Assert.Equal(["<Proxy", "BalancerMember", "</Proxy", "Header", "<Proxy"], directives.Select(d => d.Name));
        Assert.Equal([2, 3, 5, 7, 8], directives.Select(d => d.Line));
        Assert.Equal(["http://a:8080", "route=A", "status=+H"], directives[1].Arguments);
        Assert.Equal("ROUTEID=.%{BALANCER_WORKER_ROUTE}e; path=/t1", directives[3].Arguments[2]);
        Assert.Equal(["balancer://t1rp"], directives[4].Arguments);
        Assert.True(directives[0].IsSectionOpen);
        Assert.True(directives[2].IsSectionClose);
        Assert.Equal("Proxy", directives[2].SectionName);
    }
}
