namespace GirAgent.Pacemaker;

// crm_mon XML, <resources>: primitives, groups, clones and bundles.
internal static partial class CrmMonParser
{
    private sealed partial class Session
    {
        /// <summary>Where a primitive sits: the group, clone and bundle around it.</summary>
        private readonly record struct Parents(string? Group, string? CloneId, bool Promotable, string? Bundle, int? Replica);

        private void ReadResources()
        {
            var depth = ElementDepth();
            if (!Enter())
            {
                return;
            }

            while (NextChild(depth))
            {
                ReadResourceListItem(default, _resources);
            }
        }

        private void ReadResourceListItem(Parents parents, List<ClusterResource> into)
        {
            switch (_r.LocalName)
            {
                case "resource":
                    ReadPrimitive(parents, into);
                    break;
                case "group":
                    ReadCollective("group", parents, into);
                    break;
                case "clone":
                    ReadCollective("clone", parents, into);
                    break;
                case "bundle":
                    ReadCollective("bundle", parents, into);
                    break;
                case "replica":
                    ReadCollective("replica", parents, into);
                    break;
                default:
                    Skip();
                    break;
            }
        }

        private void ReadCollective(string element, Parents parents, List<ClusterResource> into)
        {
            string? id = null;
            var multiState = false;
            while (_r.MoveToNextAttribute())
            {
                var attr = _r.LocalName;
                var v = Span(element);
                switch (attr)
                {
                    case "id":
                        id = v.ToString();
                        break;
                    case "multi_state":
                        multiState = Bool(v) ?? false;
                        break;
                }
            }

            if (string.IsNullOrEmpty(id))
            {
                throw Missing(element, "id");
            }

            parents = element switch
            {
                "group" => parents with { Group = id },
                "clone" => parents with { CloneId = id, Promotable = multiState },
                "bundle" => parents with { Bundle = id },
                _ => parents with { Replica = Int(id) },
            };

            var depth = ElementDepth();
            if (!Enter())
            {
                return;
            }

            while (NextChild(depth))
            {
                ReadResourceListItem(parents, into);
            }
        }

        private void ReadPrimitive(Parents parents, List<ClusterResource> into)
        {
            string? id = null, agent = null, role = null, targetRole = null, pendingTask = null;
            bool? active = null;
            bool orphaned = false, blocked = false, managed = true, failed = false, failureIgnored = false;
            while (_r.MoveToNextAttribute())
            {
                var attr = _r.LocalName;
                var v = Span("resource");
                switch (attr)
                {
                    case "id": id = v.ToString(); break;
                    case "resource_agent": agent = Agent(v); break;
                    case "role": role = PoolOrNull(v); break;
                    case "target_role": targetRole = PoolOrNull(v); break;
                    case "active": active = Bool(v); break;
                    // "removed": Pacemaker 3.0.2's name (schema 2.41), beside the "orphaned" it deprecates
                    case "orphaned" or "removed": orphaned |= Bool(v) ?? false; break;
                    case "blocked": blocked = Bool(v) ?? false; break;
                    case "managed": managed = Bool(v) ?? true; break;
                    case "failed": failed = Bool(v) ?? false; break;
                    case "failure_ignored": failureIgnored = Bool(v) ?? false; break;
                    case "pending": pendingTask = PoolOrNull(v); break;
                }
            }

            if (string.IsNullOrEmpty(id))
            {
                throw Missing("resource", "id");
            }

            string? first = null;
            List<string>? more = null;
            var depth = ElementDepth();
            if (Enter())
            {
                while (NextChild(depth))
                {
                    if (_r.LocalName == "node")
                    {
                        var nodeName = NodeName();

                        if (first is null)
                        {
                            first = nodeName;
                        }
                        else
                        {
                            Admit(ref _otherCount, MaxOtherEntries, "entries (failures, fence events, bans, errors)");
                            (more ??= []).Add(nodeName);
                        }
                    }

                    Skip();
                }
            }

            IReadOnlyList<string> nodes = first is null ? []
                : more is null ? [first]
                : [first, .. more];

            Admit(ref _resourceCount, MaxResources, "resource instances");
            into.Add(new ClusterResource
            {
                Id = id,
                Agent = agent,
                Role = role,
                TargetRole = targetRole,
                Active = active ?? nodes.Count > 0,
                Orphaned = orphaned,
                Blocked = blocked,
                Managed = managed,
                Failed = failed,
                FailureIgnored = failureIgnored,
                Pending = pendingTask,
                Nodes = nodes,
                Group = parents.Group,
                CloneId = parents.CloneId,
                InPromotableClone = parents.CloneId is not null && parents.Promotable,
                Bundle = parents.Bundle,
                Replica = parents.Replica,
            });
        }
    }
}
