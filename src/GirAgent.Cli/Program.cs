using GirAgent.Cli;

// whatever umask the caller had (000 in a careless shell or unit), nothing girlb creates is writable by others;
// the daemon narrows it further (DaemonHost)
GirAgent.Posix.Native.NarrowUmask(GirAgent.Posix.Native.UmaskNoWriteByOthers);
return CliApplication.Run(Environment.GetCommandLineArgs());
