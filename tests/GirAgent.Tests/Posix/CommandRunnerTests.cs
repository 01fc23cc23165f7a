using GirAgent.Posix;

namespace GirAgent.Tests.Posix;

/// <summary>A program that cannot be started is named, with where it was looked for and the package that has it.</summary>
public sealed class CommandRunnerTests
{
    [Fact]
    public void A_program_missing_from_PATH_is_named_with_the_PATH_searched()
    {
        var e = Assert.Throws<IOException>(() => CommandRunner.Default.Run("girlb-no-such-tool", [], null, TimeSpan.FromSeconds(5)));

        Assert.StartsWith("cannot run girlb-no-such-tool: not found in PATH (", e.Message);
        Assert.DoesNotContain("Failed to start a process", e.Message);
    }

    [Fact]
    public void A_missing_pacemaker_tool_names_its_package()
    {
        var e = Assert.Throws<IOException>(() => CommandRunner.Default.Run("/nonexistent/crm_resource", [], null, TimeSpan.FromSeconds(5)));

        Assert.Equal("cannot run /nonexistent/crm_resource: no such file (install pacemaker-cli-utils (Debian) or pacemaker-cli (EL))", e.Message);
    }

    [Fact]
    public void A_file_that_is_no_program_is_said_to_be_one()
    {
        var path = Path.GetTempFileName(); // mode 0600: not executable
        try
        {
            var e = Assert.Throws<IOException>(() => CommandRunner.Default.Run(path, [], null, TimeSpan.FromSeconds(5)));

            Assert.StartsWith($"cannot run {path}: not executable or not a program", e.Message);
        }
        finally { File.Delete(path); }
    }
}
