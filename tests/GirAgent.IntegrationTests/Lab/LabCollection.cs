namespace GirAgent.IntegrationTests.Lab;

/// <summary>Tests that bring the lab up: one lab at a time (fixed namespace names), never in parallel with each other.</summary>
[CollectionDefinition("lab", DisableParallelization = true)]
public sealed class LabCollection;
