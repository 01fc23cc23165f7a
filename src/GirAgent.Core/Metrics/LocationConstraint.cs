namespace GirAgent.Metrics;

/// <summary>
/// One <c>rsc_location</c> constraint for <c>ha_cluster_pacemaker_location_constraints</c>. crm_mon
/// lists only the negative ones (bans); a caller that reads the CIB may pass all of them.
/// </summary>
/// <param name="Id">Constraint id, e.g. <c>cli-ban-webserver-on-node1</c>.</param>
/// <param name="Node">The node it applies to.</param>
/// <param name="Resource">The resource it applies to.</param>
/// <param name="Role">The role it applies to (<c>Started</c>, <c>Promoted</c>...), or empty.</param>
/// <param name="Score">The score; ±1000000 and beyond are ±INFINITY.</param>
internal sealed record LocationConstraint(string Id, string Node, string Resource, string Role, double Score);
