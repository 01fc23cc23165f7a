namespace GirAgent.Ocf;

/// <summary>An OCF resource agent: the actions <see cref="OcfRunner"/> dispatches to.</summary>
internal interface IResourceAgent
{
    AgentMetadata Metadata { get; }
    OcfResult Start(OcfContext context);
    OcfResult Stop(OcfContext context);
    OcfResult Monitor(OcfContext context);
    OcfResult Validate(OcfContext context);
    OcfResult Reload(OcfContext context);

    /// <summary>OCF 1.1's reload-agent: apply changed reloadable parameters; by default what reload does.</summary>
    OcfResult ReloadAgent(OcfContext context) => Reload(context);
}
