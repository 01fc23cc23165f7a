using GirAgent.Admin;
using GirAgent.Pacemaker;
using GirAgent.Tenants;

namespace GirAgent.Tests.Admin;

/// <summary>What an operator sees when an admin command fails: one line and the exit code, never a stack trace.</summary>
public sealed class AdminBoundaryTests
{
    private static (int Code, string Error) Run(Func<int> action)
    {
        var error = new StringWriter();
        var code = AdminBoundary.Run("tenants render", error, action);
        return (code, error.ToString());
    }

    [Fact]
    public void Every_error_of_the_admin_commands_carries_its_exit_code()
    {
        Assert.Equal((AdminExit.Refused, "giragent tenants render: refused\n"), Run(() => throw new AdminException(AdminExit.Refused, "refused")));
        Assert.Equal(AdminExit.Failed, Run(() => throw new PacemakerToolException("cibadmin failed (exit 105)")).Code);
        Assert.Equal(AdminExit.Invalid, Run(() => throw new TenantsFileException("tenants.json", ["tenant t1: no services"])).Code);
    }

    [Fact]
    public void A_file_error_is_a_failure_in_one_line()
    {
        var (code, error) = Run(() => throw new UnauthorizedAccessException("Access to the path '/etc/girlb' is denied."));

        Assert.Equal(AdminExit.Failed, code);
        Assert.Equal("giragent tenants render: Access to the path '/etc/girlb' is denied.\n", error);
    }

    [Fact]
    public void An_unexpected_error_is_named_as_internal_without_a_stack_trace()
    {
        var (code, error) = Run(() => throw new InvalidOperationException("boom"));

        Assert.Equal(AdminExit.Failed, code);
        Assert.Equal("giragent tenants render: internal error: InvalidOperationException: boom\n", error);
        Assert.DoesNotContain(" at ", error);
    }

    [Fact]
    public void A_command_that_ends_returns_its_own_code_and_says_nothing()
    {
        Assert.Equal((AdminExit.Findings, ""), Run(() => AdminExit.Findings));
    }
}
