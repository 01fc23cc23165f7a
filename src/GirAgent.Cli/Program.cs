using GirAgent.Cli;

return CliApplication.Run(Environment.GetCommandLineArgs());
