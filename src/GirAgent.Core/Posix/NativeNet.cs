using System.Runtime.InteropServices;

namespace GirAgent.Posix;

/// <summary>
/// The socket calls of the vip agent (rtnetlink, AF_PACKET, ICMPv6) and posix_spawn for its
/// background announcer, source-generated like <see cref="Native"/>. Socket addresses are passed
/// as bytes built by Net.RawSocketAddress. The library is named "libc.so.6"
/// so that it is found at the first try: "libc" makes the runtime probe some forty file names
/// (libc.so, liblibc.so in every library directory) before it loads, a third of a millisecond of
/// CPU on every monitor.
/// </summary>
internal static unsafe partial class NativeNet
{
    public const int AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16, AF_PACKET = 17;
    public const int SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_CLOEXEC = 0x80000;
    public const int NETLINK_ROUTE = 0;
    public const int SOL_SOCKET = 1, SO_RCVBUF = 8, SO_BINDTODEVICE = 25;
    public const int SOL_NETLINK = 270, NETLINK_CAP_ACK = 10, NETLINK_EXT_ACK = 11;
    public const int IPPROTO_IPV6 = 41, IPPROTO_ICMPV6 = 58;
    public const int IPV6_UNICAST_HOPS = 16, IPV6_MULTICAST_IF = 17, IPV6_MULTICAST_HOPS = 18, IPV6_MULTICAST_LOOP = 19;
    public const int ICMP6_FILTER = 1;
    public const int MSG_DONTWAIT = 0x40;
    public const int EINTR = 4, EAGAIN = 11, EPERM = 1, EACCES = 13, EEXIST = 17, ENODEV = 19, EADDRNOTAVAIL = 99;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;
    public const short POLLIN = 0x001;
    private const string Libc = "libc.so.6";

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Libc, EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport(Libc, EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(Native.PollFd* fds, nuint count, int timeoutMs);

    /// <summary>Waits until <paramref name="fd"/> is readable; true when it is, false on timeout.</summary>
    public static bool WaitReadable(int fd, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
        while (true)
        {
            var left = deadline - Environment.TickCount64;
            if (left < 0) left = 0;
            var pfd = new Native.PollFd { Fd = fd, Events = POLLIN };
            var rc = Poll(&pfd, 1, (int)Math.Min(left, int.MaxValue));
            if (rc > 0) return true;
            if (rc == 0) return false;
            if (Marshal.GetLastPInvokeError() != EINTR) return false;
        }
    }

    [LibraryImport(Libc, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Libc, EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, byte* address, uint length);

    [LibraryImport(Libc, EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(int fd, byte* buffer, nuint length, int flags, byte* address, uint addressLength);

    [LibraryImport(Libc, EntryPoint = "recvfrom", SetLastError = true)]
    public static partial nint ReceiveFrom(int fd, byte* buffer, nuint length, int flags, byte* address, uint* addressLength);

    [LibraryImport(Libc, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, byte* value, uint length);

    [LibraryImport(Libc, EntryPoint = "strerror")]
    private static partial IntPtr StrError(int errno);

    [LibraryImport(Libc, EntryPoint = "posix_spawn", SetLastError = true)]
    public static partial int PosixSpawn(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int FileActionsInit(void* actions);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_addopen")]
    public static partial int FileActionsAddOpen(void* actions, int fd, byte* path, int flags, uint mode);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int FileActionsDestroy(void* actions);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_init")]
    public static partial int SpawnAttrInit(void* attributes);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_setflags")]
    public static partial int SpawnAttrSetFlags(void* attributes, short flags);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int SpawnAttrSetSigMask(void* attributes, void* mask);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_destroy")]
    public static partial int SpawnAttrDestroy(void* attributes);

    [LibraryImport(Libc, EntryPoint = "sigemptyset")]
    public static partial int SigEmptySet(void* set);

    /// <summary>The C library's text for <paramref name="errno"/> ("Operation not permitted").</summary>
    public static string ErrorText(int errno) => Marshal.PtrToStringUTF8(StrError(errno)) ?? $"errno {errno}";

    public static int SetIntOption(int fd, int level, int name, int value) => SetSockOpt(fd, level, name, (byte*)&value, sizeof(int));
}
