namespace GirAgent.Httpd;

/// <summary>One file of a rendered configuration (a tenant's balancers): its name (no directory) and its text.</summary>
internal sealed record RenderedFile(string Name, string Content);
