namespace GirAgent.Pacemaker;

// crm_mon XML, <node_history> and <failures>: what ran where, and what failed.
internal static partial class CrmMonParser
{
    private sealed partial class Session
    {
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

                var node = NodeName();

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
    }
}
