using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using GirAgent.Posix;

namespace GirAgent.Vip;

/// <summary>
/// The detached announcer child: this same binary started with posix_spawn as <c>vip start</c>
/// with the announce variable set, in a session of its own and with standard input, output and
/// error on /dev/null, so that no pipe of Pacemaker's stays open and start returns at once.
/// </summary>
internal static unsafe class VipAnnouncerProcess
{
    private const int O_RDONLY = 0, O_WRONLY = 1;

    /// <summary>Starts the child; returns its pid.</summary>
    public static int Spawn(string variable, string value)
    {
        var path = Environment.ProcessPath ?? "/proc/self/exe";
        List<string> argv = ["vip", "start"];
        var env = ProcessEnvironment.ForExec(variable, value);

        var strings = new List<IntPtr>();
        var arrays = new List<IntPtr>();
        byte* Utf8(string s)
        {
            var p = Marshal.StringToCoTaskMemUTF8(s);
            strings.Add(p);
            return (byte*)p;
        }
        byte** Array(List<string> items)
        {
            var p = (byte**)NativeMemory.AllocZeroed((nuint)(items.Count + 1), (nuint)sizeof(byte*));
            arrays.Add((IntPtr)p);
            for (var i = 0; i < items.Count; i++) p[i] = Utf8(items[i]);
            return p;
        }

        // glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336; leave room
        var actions = NativeMemory.AllocZeroed(1024);
        var attributes = NativeMemory.AllocZeroed(1024);
        var sigset = NativeMemory.AllocZeroed(256);
        try
        {
            NativeNet.FileActionsInit(actions);
            var devNull = Utf8("/dev/null");
            NativeNet.FileActionsAddOpen(actions, 0, devNull, O_RDONLY, 0);
            NativeNet.FileActionsAddOpen(actions, 1, devNull, O_WRONLY, 0);
            NativeNet.FileActionsAddOpen(actions, 2, devNull, O_WRONLY, 0);
            NativeNet.SpawnAttrInit(attributes);
            NativeNet.SigEmptySet(sigset);
            NativeNet.SpawnAttrSetSigMask(attributes, sigset);
            NativeNet.SpawnAttrSetFlags(attributes, (short)(NativeNet.POSIX_SPAWN_SETSID | NativeNet.POSIX_SPAWN_SETSIGMASK));
            int pid;
            var rc = NativeNet.PosixSpawn(&pid, Utf8(path), actions, attributes, Array(argv), Array(env));
            NativeNet.FileActionsDestroy(actions);
            NativeNet.SpawnAttrDestroy(attributes);
            if (rc != 0) throw new InvalidOperationException($"posix_spawn {path}: {NativeNet.ErrorText(rc)}");
            return pid;
        }
        finally
        {
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(sigset);
            foreach (var p in strings) Marshal.FreeCoTaskMem(p);
            foreach (var p in arrays) NativeMemory.Free((void*)p);
        }
    }

    /// <summary>The inode of the network namespace of process <paramref name="pid"/> ("self" for this one), or 0 when unknown.</summary>
    public static ulong NetworkNamespaceId(string pid)
    {
        try
        {
            // "net:[4026531840]"
            var target = new FileInfo($"/proc/{pid}/ns/net").LinkTarget;
            var open = target?.IndexOf('[') ?? -1;
            return open >= 0 && ulong.TryParse(target![(open + 1)..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Whether <paramref name="pid"/> is an announcer of <paramref name="ip"/> (its environment names it), so that a reused pid is never signalled.</summary>
    public static bool IsAnnouncer(int pid, string variable, IPAddress ip)
    {
        try
        {
            if (NetworkNamespaceId(pid.ToString(System.Globalization.CultureInfo.InvariantCulture)) != NetworkNamespaceId("self")) return false;
            var entries = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/environ")).Split('\0');
            var prefix = variable + "=";
            return entries.Any(e => e.StartsWith(prefix, StringComparison.Ordinal) && e.Contains($";ip={ip};", StringComparison.Ordinal));
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
