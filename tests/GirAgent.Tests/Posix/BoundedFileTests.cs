using System.Diagnostics;
using GirAgent.Posix;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Posix;

public sealed class BoundedFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_device_whose_length_is_zero_is_read_only_up_to_the_limit()
    {
        var e = Assert.Throws<InputTooLargeException>(() => BoundedFile.ReadText("/dev/zero", 1024 * 1024));

        Assert.Equal("/dev/zero is larger than 1 MiB, the limit for it: not read further (a device, a pipe or a growing file is read only up to the limit)", e.Message);
    }

    [Fact]
    public async Task A_pipe_that_brings_more_than_the_limit_is_refused()
    {
        var fifo = _dir.Combine("fifo");
        Process.Start("mkfifo", [fifo]).WaitForExit();
        var writer = Task.Run(() =>
        {
            using var w = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            var block = new byte[64 * 1024];
            try { for (var i = 0; i < 64; i++) w.Write(block); } catch (IOException) { } // the reader stopped: EPIPE
        });

        Assert.Throws<InputTooLargeException>(() => BoundedFile.ReadText(fifo, 1024 * 1024));
        await writer.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_file_within_the_limit_is_read_whole_without_its_byte_order_mark()
    {
        var path = _dir.Combine("f.json");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}']);

        Assert.Equal("{}", BoundedFile.ReadText(path, 2 + 3));
        Assert.Throws<InputTooLargeException>(() => BoundedFile.ReadText(path, 4));
    }

    [Fact]
    public void A_directory_is_named_as_one()
    {
        var e = Assert.Throws<IOException>(() => BoundedFile.ReadText(_dir.Path, 100));

        Assert.Contains("is a directory", e.Message);
    }
}
