namespace GirAgent.Pacemaker;

// crm_mon XML, <fence_history> and <bans>.
internal static partial class CrmMonParser
{
    private sealed partial class Session
    {
        private void ReadFenceHistory()
        {
            var depth = ElementDepth();
            if (!Enter())
            {
                return;
            }

            while (NextChild(depth))
            {
                if (_r.LocalName != "fence_event")
                {
                    Skip();
                    continue;
                }

                string? target = null, action = null, dlg = null, client = null, origin = null, status = null, reason = null;
                DateTimeOffset? completed = null;
                while (_r.MoveToNextAttribute())
                {
                    var attr = _r.LocalName;
                    var v = Span("fence_event");
                    switch (attr)
                    {
                        case "target": target = v.ToString(); break;
                        case "action": action = v.ToString(); break;
                        case "delegate": dlg = PoolOrNull(v); break;
                        case "client": client = PoolOrNull(v); break;
                        case "origin": origin = PoolOrNull(v); break;
                        case "status" or "state": status = Pool(v); break;
                        case "completed": completed = ParseTimestamp(v); break;
                        case "exit-reason": reason = NullIfEmpty(v); break;
                    }
                }

                if (string.IsNullOrEmpty(target))
                {
                    throw Missing("fence_event", "target");
                }

                if (string.IsNullOrEmpty(action))
                {
                    throw Missing("fence_event", "action");
                }

                Skip();
                Admit(ref _otherCount, MaxOtherEntries, "entries (failures, fence events, bans, errors)");
                _fenceHistory.Add(new FenceEvent
                {
                    Target = target,
                    Action = action,
                    Delegate = dlg,
                    Client = client,
                    Origin = origin,
                    Status = string.IsNullOrEmpty(status) ? "unknown" : status,
                    Completed = completed,
                    ExitReason = reason,
                });
            }
        }

        private void ReadBans()
        {
            var depth = ElementDepth();
            if (!Enter())
            {
                return;
            }

            while (NextChild(depth))
            {
                if (_r.LocalName != "ban")
                {
                    Skip();
                    continue;
                }

                string? id = null, resource = null, node = null;
                int weight = 0;
                bool? promotedOnly = null, masterOnly = null;
                while (_r.MoveToNextAttribute())
                {
                    var attr = _r.LocalName;
                    var v = Span("ban");
                    switch (attr)
                    {
                        case "id": id = v.ToString(); break;
                        case "resource": resource = v.ToString(); break;
                        case "node": node = Pool(v); break;
                        case "weight": weight = Score(v) ?? 0; break;
                        case "promoted-only": promotedOnly = Bool(v); break;
                        case "master_only": masterOnly = Bool(v); break;
                    }
                }

                if (string.IsNullOrEmpty(id))
                {
                    throw Missing("ban", "id");
                }

                if (string.IsNullOrEmpty(resource))
                {
                    throw Missing("ban", "resource");
                }

                if (string.IsNullOrEmpty(node))
                {
                    throw Missing("ban", "node");
                }

                Skip();
                Admit(ref _otherCount, MaxOtherEntries, "entries (failures, fence events, bans, errors)");
                _bans.Add(new ResourceBan
                {
                    Id = id,
                    Resource = resource,
                    Node = node,
                    Weight = weight,
                    PromotedOnly = promotedOnly ?? masterOnly ?? false,
                });
            }
        }
    }
}
