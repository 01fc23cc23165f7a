using System.Runtime.InteropServices;

namespace GirAgent.Posix;

/// <summary>
/// The few libc calls the agents need, source-generated (no Mono.Posix, no helper library beside
/// the binary: see docs/decisions.md).
/// </summary>
internal static partial class Native
{
    public const int SIGKILL = 9, SIGUSR1 = 10, SIGTERM = 15, SIGWINCH = 28;
    public const int ESRCH = 3, EINTR = 4, EPERM = 1;
    private const long SYS_pidfd_open = 434;
    public const short POLLIN = 0x001;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    /// <summary>umask 022: group and others may not write.</summary>
    public const uint UmaskNoWriteByOthers = 0x12;

    /// <summary>umask 027: group may not write, others get nothing.</summary>
    public const uint UmaskPrivate = 0x17;

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);

    /// <summary>
    /// Narrows the process's umask to at least <paramref name="bits"/> (<see cref="UmaskNoWriteByOthers"/>: no file girlb
    /// creates is writable by others, whatever umask its caller had); returns the umask now in force.
    /// </summary>
    public static uint NarrowUmask(uint bits)
    {
        var old = Umask(bits);
        var now = old | bits;
        Umask(now);
        return now;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long arg1, long arg2);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chown(string path, int uid, int gid);

    [LibraryImport("libc", EntryPoint = "getpwnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetPwNam(string name);

    public const int AF_INET = 2, AF_INET6 = 10, SOCK_STREAM = 1, SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1, SO_ERROR = 4, IPPROTO_TCP = 6, TCP_NODELAY = 1;
    public const int EINPROGRESS = 115, EAGAIN = 11, MSG_NOSIGNAL = 0x4000;
    public const short POLLOUT = 0x004, POLLERR = 0x008, POLLHUP = 0x010;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    public static unsafe partial int Connect(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static unsafe partial int GetSockOpt(int fd, int level, int name, int* value, int* length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static unsafe partial int SetSockOpt(int fd, int level, int name, int* value, int length);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static unsafe partial nint Recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static unsafe partial nint Send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    /// <summary>
    /// The file type bits (<c>S_IFMT</c>) of <paramref name="path"/> itself (a link is not followed unless
    /// <paramref name="followLinks"/>), or null when it does not exist. statx's buffer has the same layout on every
    /// architecture (<c>stx_mode</c> at byte 28).
    /// </summary>
    public static unsafe int? FileType(string path, bool followLinks = false)
    {
        const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100;
        const uint StatxType = 1;
        var buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType, buffer) != 0) return null;
        return *(ushort*)(buffer + 28) & 0xF000;
    }

    /// <summary>The inode number of <paramref name="path"/> (links followed), or null when it does not exist (<c>stx_ino</c> at byte 32).</summary>
    public static unsafe long? Inode(string path)
    {
        const int AtFdCwd = -100;
        const uint StatxIno = 0x100;
        var buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, 0, StatxIno, buffer) != 0) return null;
        return *(long*)(buffer + 32);
    }

    /// <summary>Whether the reader of <paramref name="fd"/> (a pipe, a socket) is gone: poll says POLLERR or POLLHUP at once.</summary>
    public static bool ReaderGone(int fd) => (WaitFor(fd, 0, TimeSpan.Zero) & (POLLERR | POLLHUP)) != 0;

    /// <summary><c>S_IFREG</c>: what <see cref="FileType"/> says of a regular file.</summary>
    public const int RegularFileType = 0x8000;

    /// <summary><c>S_IFSOCK</c>: what <see cref="FileType"/> says of a Unix socket.</summary>
    public const int SocketFileType = 0xC000;

    [LibraryImport("libc", EntryPoint = "strerror")]
    private static partial IntPtr StrError(int errno);

    public static string ErrorText(int errno) => Marshal.PtrToStringUTF8(StrError(errno)) ?? $"errno {errno}";

    /// <summary>Waits for <paramref name="events"/> on <paramref name="fd"/>; the returned events, or 0 on timeout.</summary>
    public static unsafe short WaitFor(int fd, short events, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
        while (true)
        {
            var left = deadline - Environment.TickCount64;
            if (left < 0) left = 0;
            var pfd = new PollFd { Fd = fd, Events = events };
            var rc = Poll(&pfd, 1, (int)Math.Min(left, int.MaxValue));
            if (rc > 0) return pfd.Revents;
            if (rc == 0) return 0;
            if (Marshal.GetLastPInvokeError() != EINTR) return POLLERR;
        }
    }

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int ExecVe(string path, byte** argv, byte** envp);

    /// <summary>
    /// Replaces this process's program (same pid) with <paramref name="path"/> run with <paramref name="argv"/> and exactly
    /// <paramref name="environment"/> ("NAME=value" strings). Returns only on failure, with errno.
    /// </summary>
    public static unsafe int Exec(string path, IReadOnlyList<string> argv, IReadOnlyList<string> environment)
    {
        var args = ToCStrings(argv);
        var env = ToCStrings(environment);
        try
        {
            ExecVe(path, (byte**)args, (byte**)env);
            return Marshal.GetLastPInvokeError();
        }
        finally
        {
            FreeCStrings(args, argv.Count);
            FreeCStrings(env, environment.Count);
        }
    }

    /// <summary>A NULL-terminated array of UTF-8 C strings (free with <see cref="FreeCStrings"/>).</summary>
    private static unsafe IntPtr* ToCStrings(IReadOnlyList<string> strings)
    {
        var array = (IntPtr*)NativeMemory.AllocZeroed((nuint)(strings.Count + 1), (nuint)IntPtr.Size);
        for (var i = 0; i < strings.Count; i++) array[i] = Marshal.StringToCoTaskMemUTF8(strings[i]);
        return array;
    }

    private static unsafe void FreeCStrings(IntPtr* array, int count)
    {
        for (var i = 0; i < count; i++) Marshal.FreeCoTaskMem(array[i]);
        NativeMemory.Free(array);
    }

    [LibraryImport("libc", EntryPoint = "getgrnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetGrNam(string name);

    /// <summary>The gid of group <paramref name="name"/>, or null when there is no such group.</summary>
    public static int? LookupGroup(string name)
    {
        var gr = GetGrNam(name);
        // struct group { char *gr_name; char *gr_passwd; gid_t gr_gid; ... } on LP64
        return gr == IntPtr.Zero ? null : Marshal.ReadInt32(gr, 2 * IntPtr.Size);
    }


    /// <summary>A pidfd for <paramref name="pid"/>, or -1 (errno in Marshal.GetLastPInvokeError).</summary>
    public static int PidfdOpen(int pid) => (int)Syscall(SYS_pidfd_open, pid, 0);

    /// <summary>Waits until <paramref name="fd"/> is readable; true when it is, false on timeout.</summary>
    public static unsafe bool WaitReadable(int fd, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
        while (true)
        {
            var left = deadline - Environment.TickCount64;
            if (left < 0) left = 0;
            var pfd = new PollFd { Fd = fd, Events = POLLIN };
            var rc = Poll(&pfd, 1, (int)Math.Min(left, int.MaxValue));
            if (rc > 0) return true;
            if (rc == 0) return false;
            if (Marshal.GetLastPInvokeError() != EINTR) return false;
        }
    }

    /// <summary>The uid and gid of user <paramref name="name"/>, or null when there is no such user.</summary>
    public static (int Uid, int Gid)? LookupUser(string name)
    {
        var pw = GetPwNam(name);
        if (pw == IntPtr.Zero) return null;
        // struct passwd { char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid; ... } on LP64
        return (Marshal.ReadInt32(pw, 2 * IntPtr.Size), Marshal.ReadInt32(pw, 2 * IntPtr.Size + 4));
    }
}
