namespace GirAgent.Pacemaker;

public static partial class CrmMonParser
{
    private sealed partial class Session
    {
        // ------------------------------------------------------------ <pacemakerd>, <status>

        private void ReadPacemakerd()
        {
            while (_r.MoveToNextAttribute())
            {
                var name = _r.LocalName;
                var v = Span("pacemakerd");
                if (name == "state")
                {
                    _summary = _summary with { PacemakerdState = v.ToString() };
                }
            }

            Skip();
        }

        private void ReadStatus()
        {
            string? code = null;
            while (_r.MoveToNextAttribute())
            {
                var name = _r.LocalName;
                var v = Span("status");
                switch (name)
                {
                    case "code":
                        code = v.ToString();
                        break;
                    case "message":
                        _statusMessage = v.ToString();
                        break;
                }
            }

            _r.MoveToElement();
            if (code is null)
            {
                throw Missing("status", "code");
            }

            if (!int.TryParse(code.AsSpan().Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                throw Error($"<status> code '{OneLine(code, 40)}' is not an integer");
            }

            _statusCode = parsed;
            var depth = ElementDepth();
            if (!Enter())
            {
                return;
            }

            while (NextChild(depth))
            {
                if (_r.LocalName != "errors")
                {
                    Skip();
                    continue;
                }

                var errorsDepth = ElementDepth();
                if (!Enter())
                {
                    continue;
                }

                while (NextChild(errorsDepth))
                {
                    if (_r.LocalName == "error")
                    {
                        var text = ReadText().Trim();
                        if (text.Length > 0)
                        {
                            Admit(ref _otherCount, MaxOtherEntries, "entries (failures, fence events, bans, errors)");
                            (_statusErrors ??= []).Add(text);
                        }
                    }
                    else
                    {
                        Skip();
                    }
                }
            }
        }

        // ------------------------------------------------------------ <summary>

        private void ReadSummary()
        {
            var depth = ElementDepth();
            if (!Enter())
            {
                return;
            }

            var s = _summary;
            while (NextChild(depth))
            {
                var element = _r.LocalName;
                switch (element)
                {
                    case "stack":
                        while (_r.MoveToNextAttribute())
                        {
                            var name = _r.LocalName;
                            var v = Span(element);
                            if (name == "type")
                            {
                                s = s with { Stack = v.ToString() };
                            }
                        }

                        break;
                    case "current_dc":
                        while (_r.MoveToNextAttribute())
                        {
                            var name = _r.LocalName;
                            var v = Span(element);
                            s = name switch
                            {
                                "present" => s with { DcPresent = Bool(v) ?? false },
                                "name" => s with { DcNode = NullIfEmpty(v) },
                                "id" => s with { DcNodeId = NullIfEmpty(v) },
                                "version" => s with { DcVersion = NullIfEmpty(v) },
                                "with_quorum" => s with { HasQuorum = Bool(v) },
                                "mixed_version" => s with { MixedVersion = Bool(v) },
                                _ => s,
                            };
                        }

                        break;
                    case "last_update":
                        while (_r.MoveToNextAttribute())
                        {
                            var name = _r.LocalName;
                            var v = Span(element);
                            if (name == "time")
                            {
                                s = s with { LastUpdated = ParseTimestamp(v) };
                            }
                        }

                        break;
                    case "last_change":
                        while (_r.MoveToNextAttribute())
                        {
                            var name = _r.LocalName;
                            var v = Span(element);
                            s = name switch
                            {
                                "time" => s with { LastChange = ParseTimestamp(v) },
                                "user" => s with { LastChangeUser = NullIfEmpty(v) },
                                "client" => s with { LastChangeClient = NullIfEmpty(v) },
                                "origin" => s with { LastChangeOrigin = NullIfEmpty(v) },
                                _ => s,
                            };
                        }

                        break;
                    case "nodes_configured":
                        while (_r.MoveToNextAttribute())
                        {
                            var name = _r.LocalName;
                            var v = Span(element);
                            if (name == "number")
                            {
                                s = s with { NodesConfigured = Int(v) };
                            }
                        }

                        break;
                    case "resources_configured":
                        while (_r.MoveToNextAttribute())
                        {
                            var name = _r.LocalName;
                            var v = Span(element);
                            s = name switch
                            {
                                "number" => s with { ResourcesConfigured = Int(v) },
                                "disabled" => s with { ResourcesDisabled = Int(v) },
                                "blocked" => s with { ResourcesBlocked = Int(v) },
                                _ => s,
                            };
                        }

                        break;
                    case "cluster_options":
                        while (_r.MoveToNextAttribute())
                        {
                            var name = _r.LocalName;
                            var v = Span(element);
                            s = name switch
                            {
                                "stonith-enabled" => s with { StonithEnabled = Bool(v) },
                                "symmetric-cluster" => s with { SymmetricCluster = Bool(v) },
                                "no-quorum-policy" => s with { NoQuorumPolicy = NullIfEmpty(v) },
                                "maintenance-mode" => s with { MaintenanceMode = Bool(v) },
                                "stop-all-resources" => s with { StopAllResources = Bool(v) },
                                "stonith-timeout-ms" => s with { StonithTimeoutMs = Int(v) },
                                "priority-fencing-delay-ms" => s with { PriorityFencingDelayMs = Int(v) },
                                "cluster-name" => s with { ClusterName = NullIfEmpty(v) },
                                _ => s,
                            };
                        }

                        break;
                    case "cluster_name":
                        while (_r.MoveToNextAttribute())
                        {
                            var name = _r.LocalName;
                            var v = Span(element);
                            if (name == "name")
                            {
                                s = s with { ClusterName = NullIfEmpty(v) };
                            }
                        }

                        break;
                }

                Skip();
            }

            _summary = s;
        }

        // ------------------------------------------------------------ <nodes>

        private void ReadNodes()
        {
            var depth = ElementDepth();
            if (!Enter())
            {
                return;
            }

            while (NextChild(depth))
            {
                if (_r.LocalName == "node")
                {
                    ReadNode();
                }
                else
                {
                    Skip();
                }
            }
        }

        private void ReadNode()
        {
            string? name = null, id = null, type = null, health = null, idAsResource = null;
            bool online = false, standby = false, standbyOnFail = false, maintenance = false, pending = false;
            bool unclean = false, shutdown = false, expectedUp = false, isDc = false;
            var running = 0;
            while (_r.MoveToNextAttribute())
            {
                var attr = _r.LocalName;
                var v = Span("node");
                switch (attr)
                {
                    case "name": name = Pool(v); break;
                    case "id": id = NullIfEmpty(v); break;
                    case "online": online = Bool(v) ?? false; break;
                    case "standby": standby = Bool(v) ?? false; break;
                    case "standby_onfail": standbyOnFail = Bool(v) ?? false; break;
                    case "maintenance": maintenance = Bool(v) ?? false; break;
                    case "pending": pending = Bool(v) ?? false; break;
                    case "unclean": unclean = Bool(v) ?? false; break;
                    case "shutdown": shutdown = Bool(v) ?? false; break;
                    case "expected_up": expectedUp = Bool(v) ?? false; break;
                    case "is_dc": isDc = Bool(v) ?? false; break;
                    case "resources_running": running = Int(v) ?? 0; break;
                    case "type": type = PoolOrNull(v); break;
                    case "health": health = PoolOrNull(v); break;
                    case "id_as_resource" or "container_id": idAsResource = NullIfEmpty(v); break;
                }
            }

            if (string.IsNullOrEmpty(name))
            {
                throw Missing("node", "name");
            }

            Admit(ref _nodeCount, MaxNodes, "nodes");
            _nodes.Add(new ClusterNode
            {
                Name = name,
                Id = id,
                Online = online,
                Standby = standby,
                StandbyOnFail = standbyOnFail,
                Maintenance = maintenance,
                Pending = pending,
                Unclean = unclean,
                Shutdown = shutdown,
                ExpectedUp = expectedUp,
                IsDc = isDc,
                ResourcesRunning = running,
                Type = type,
                Health = health,
                IdAsResource = idAsResource,
            });

            // crm_mon -n lists the node's active resources inside it.
            var depth = ElementDepth();
            if (!Enter())
            {
                return;
            }

            while (NextChild(depth))
            {
                ReadResourceListItem(default, _resourcesUnderNodes);
            }
        }

        // ------------------------------------------------------------ <resources>

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
                    case "orphaned": orphaned = Bool(v) ?? false; break;
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
                        string? nodeName = null;
                        while (_r.MoveToNextAttribute())
                        {
                            var attr = _r.LocalName;
                            var v = Span("node");
                            if (attr == "name")
                            {
                                nodeName = Pool(v);
                            }
                        }

                        if (string.IsNullOrEmpty(nodeName))
                        {
                            throw Missing("node", "name");
                        }

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

        // ------------------------------------------------------------ <node_attributes>

        private void ReadNodeAttributes()
        {
            var depth = ElementDepth();
            if (!Enter())
            {
                return;
            }

            while (NextChild(depth))
            {
                if (_r.LocalName != "node")
                {
                    Skip();
                    continue;
                }

                string? node = null;
                while (_r.MoveToNextAttribute())
                {
                    var attr = _r.LocalName;
                    var v = Span("node");
                    if (attr == "name")
                    {
                        node = Pool(v);
                    }
                }

                if (string.IsNullOrEmpty(node))
                {
                    throw Missing("node", "name");
                }

                if (!_nodeAttributes.TryGetValue(node, out var values))
                {
                    values = new Dictionary<string, string>(StringComparer.Ordinal);
                    _nodeAttributes[node] = values;
                }

                var nodeDepth = ElementDepth();
                if (!Enter())
                {
                    continue;
                }

                while (NextChild(nodeDepth))
                {
                    if (_r.LocalName == "attribute")
                    {
                        string? name = null, value = null;
                        while (_r.MoveToNextAttribute())
                        {
                            var attr = _r.LocalName;
                            var v = Span("attribute");
                            switch (attr)
                            {
                                case "name": name = v.ToString(); break;
                                case "value": value = v.ToString(); break;
                            }
                        }

                        if (string.IsNullOrEmpty(name))
                        {
                            throw Missing("attribute", "name");
                        }

                        values[name] = value ?? "";
                    }

                    Skip();
                }
            }
        }

        // ------------------------------------------------------------ <node_history>

        private void ReadNodeHistory()
        {
            var depth = ElementDepth();
            if (!Enter())
            {
                return;
            }

            while (NextChild(depth))
            {
                if (_r.LocalName != "node")
                {
                    Skip();
                    continue;
                }

                string? node = null;
                while (_r.MoveToNextAttribute())
                {
                    var attr = _r.LocalName;
                    var v = Span("node");
                    if (attr == "name")
                    {
                        node = Pool(v);
                    }
                }

                if (string.IsNullOrEmpty(node))
                {
                    throw Missing("node", "name");
                }

                var resources = new List<ResourceHistory>();
                var nodeDepth = ElementDepth();
                if (Enter())
                {
                    while (NextChild(nodeDepth))
                    {
                        if (_r.LocalName == "resource_history")
                        {
                            Admit(ref _historyCount, MaxHistoryEntries, "history entries");
                            resources.Add(ReadResourceHistory());
                        }
                        else
                        {
                            Skip();
                        }
                    }
                }

                Admit(ref _historyCount, MaxHistoryEntries, "history entries");
                _history.Add(new NodeHistory { Node = node, Resources = resources.ToArray() });
            }
        }

        private ResourceHistory ReadResourceHistory()
        {
            string? id = null;
            var orphan = false;
            int? failCount = null, threshold = null;
            DateTimeOffset? lastFailure = null;
            while (_r.MoveToNextAttribute())
            {
                var attr = _r.LocalName;
                var v = Span("resource_history");
                switch (attr)
                {
                    case "id": id = v.ToString(); break;
                    case "orphan": orphan = Bool(v) ?? false; break;
                    case "migration-threshold": threshold = Score(v); break;
                    case "fail-count": failCount = Score(v); break;
                    case "last-failure": lastFailure = ParseTimestamp(v); break;
                }
            }

            if (string.IsNullOrEmpty(id))
            {
                throw Missing("resource_history", "id");
            }

            List<OperationRecord>? operations = null;
            var depth = ElementDepth();
            if (Enter())
            {
                while (NextChild(depth))
                {
                    if (_r.LocalName == "operation_history")
                    {
                        Admit(ref _historyCount, MaxHistoryEntries, "history entries");
                        (operations ??= []).Add(ReadOperation());
                    }
                    else
                    {
                        Skip();
                    }
                }
            }

            return new ResourceHistory
            {
                Resource = id,
                Orphan = orphan,
                FailCount = failCount,
                MigrationThreshold = threshold,
                LastFailure = lastFailure,
                Operations = operations is null ? [] : InCallOrder(operations),
            };
        }

        private OperationRecord ReadOperation()
        {
            string? task = null, rcText = null;
            int? call = null, exec = null, queue = null;
            int interval = 0, rc = 0;
            DateTimeOffset? lastRcChange = null, lastRun = null;
            while (_r.MoveToNextAttribute())
            {
                var attr = _r.LocalName;
                var v = Span("operation_history");
                switch (attr)
                {
                    case "call": call = Int(v); break;
                    case "task": task = Pool(v); break;
                    case "interval": interval = Milliseconds(v) ?? 0; break;
                    case "last-rc-change": lastRcChange = ParseTimestamp(v); break;
                    case "last-run": lastRun = ParseTimestamp(v); break;
                    case "exec-time": exec = Milliseconds(v); break;
                    case "queue-time": queue = Milliseconds(v); break;
                    case "rc": rc = Int(v) ?? 0; break;
                    case "rc_text": rcText = PoolOrNull(v); break;
                }
            }

            if (string.IsNullOrEmpty(task))
            {
                throw Missing("operation_history", "task");
            }

            Skip();
            return new OperationRecord
            {
                Call = call,
                Task = task,
                Interval = interval,
                ExitCode = rc,
                ExitStatus = OcfStatusText(rc, rcText),
                LastRcChange = lastRcChange,
                LastRun = lastRun,
                ExecMs = exec,
                QueueMs = queue,
            };
        }

        // ------------------------------------------------------------ <failures>

        private void ReadFailures()
        {
            var depth = ElementDepth();
            if (!Enter())
            {
                return;
            }

            while (NextChild(depth))
            {
                if (_r.LocalName == "failure")
                {
                    Admit(ref _otherCount, MaxOtherEntries, "entries (failures, fence events, bans, errors)");
                    _failures.Add(ReadFailure());
                }
                else
                {
                    Skip();
                }
            }
        }

        private ResourceFailure ReadFailure()
        {
            string? opKey = null, opId = null, node = null, exitStatus = null, exitReason = null, status = null, task = null;
            int? call = null, queued = null, exec = null, interval = null;
            var exitCode = 0;
            DateTimeOffset? lastRcChange = null;
            while (_r.MoveToNextAttribute())
            {
                var attr = _r.LocalName;
                var v = Span("failure");
                switch (attr)
                {
                    case "op_key": opKey = v.ToString(); break;
                    case "id": opId = v.ToString(); break;
                    case "node": node = Pool(v); break;
                    case "exitstatus": exitStatus = PoolOrNull(v); break;
                    case "exitreason": exitReason = v.ToString(); break;
                    case "exitcode": exitCode = Int(v) ?? 0; break;
                    case "call": call = Int(v); break;
                    case "status": status = ExecutionStatusText(PoolOrNull(v)); break;
                    case "last-rc-change": lastRcChange = ParseTimestamp(v); break;
                    case "queued": queued = Milliseconds(v); break;
                    case "exec": exec = Milliseconds(v); break;
                    case "interval": interval = Milliseconds(v); break;
                    case "task": task = PoolOrNull(v); break;
                }
            }

            var key = string.IsNullOrEmpty(opKey) ? opId : opKey;
            if (string.IsNullOrEmpty(key))
            {
                throw Missing("failure", "op_key");
            }

            if (string.IsNullOrEmpty(node))
            {
                throw Missing("failure", "node");
            }

            // 1.1 writes "none" when the agent gave no reason; 2.x writes "".
            if (string.IsNullOrWhiteSpace(exitReason) || (_legacy11 && exitReason == "none"))
            {
                exitReason = null;
            }

            var split = SplitOperationKey(key, task);
            Skip();
            return new ResourceFailure
            {
                OperationKey = key,
                Resource = split.Resource,
                Node = node,
                Task = task ?? split.Task ?? "",
                Interval = interval ?? split.Interval,
                ExitCode = exitCode,
                ExitStatus = OcfStatusText(exitCode, exitStatus),
                ExitReason = exitReason,
                Call = call,
                Status = status,
                LastRcChange = lastRcChange,
                QueuedMs = queued,
                ExecMs = exec,
            };
        }

        // ------------------------------------------------------------ <fence_history>

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

        // ------------------------------------------------------------ <bans>

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
