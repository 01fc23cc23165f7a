namespace GirAgent.Pacemaker;

// crm_mon XML, <pacemakerd>, <status> and <summary>: the cluster as a whole.
internal static partial class CrmMonParser
{
    private sealed partial class Session
    {
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

        /// <summary>
        /// <c>&lt;crm-mon-disconnected description= pacemakerd-state=&gt;</c>: crm_mon reached pacemakerd but not the CIB
        /// (starting, shutting down); its words join the status's errors, so the report says why.
        /// </summary>
        private void ReadDisconnected()
        {
            string? description = null, state = null;
            while (_r.MoveToNextAttribute())
            {
                var name = _r.LocalName;
                var v = Span("crm-mon-disconnected");
                if (name == "description") description = NullIfEmpty(v);
                else if (name == "pacemakerd-state") state = NullIfEmpty(v);
            }

            Skip();
            if (state is not null) _summary = _summary with { PacemakerdState = state };
            var text = (description ?? "not connected to the CIB") + (state is null ? "" : $" (pacemakerd {state})");
            Admit(ref _otherCount, MaxOtherEntries, "entries (failures, fence events, bans, errors)");
            (_statusErrors ??= []).Add(text);
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
                s = element switch
                {
                    "stack" => Attributes(element, s, static (s, name, v) => name == "type" ? s with { Stack = v.ToString() } : s),
                    "current_dc" => Attributes(element, s, static (s, name, v) => name switch
                    {
                        "present" => s with { DcPresent = Bool(v) ?? false },
                        "name" => s with { DcNode = NullIfEmpty(v) },
                        "id" => s with { DcNodeId = NullIfEmpty(v) },
                        "version" => s with { DcVersion = NullIfEmpty(v) },
                        "with_quorum" => s with { HasQuorum = Bool(v) },
                        "mixed_version" => s with { MixedVersion = Bool(v) },
                        _ => s,
                    }),
                    "last_update" => Attributes(element, s, static (s, name, v) => name == "time" ? s with { LastUpdated = ParseTimestamp(v) } : s),
                    "last_change" => Attributes(element, s, static (s, name, v) => name switch
                    {
                        "time" => s with { LastChange = ParseTimestamp(v) },
                        "user" => s with { LastChangeUser = NullIfEmpty(v) },
                        "client" => s with { LastChangeClient = NullIfEmpty(v) },
                        "origin" => s with { LastChangeOrigin = NullIfEmpty(v) },
                        _ => s,
                    }),
                    "nodes_configured" => Attributes(element, s, static (s, name, v) => name == "number" ? s with { NodesConfigured = Int(v) } : s),
                    "resources_configured" => Attributes(element, s, static (s, name, v) => name switch
                    {
                        "number" => s with { ResourcesConfigured = Int(v) },
                        "disabled" => s with { ResourcesDisabled = Int(v) },
                        "blocked" => s with { ResourcesBlocked = Int(v) },
                        _ => s,
                    }),
                    "cluster_options" => Attributes(element, s, static (s, name, v) => name switch
                    {
                        // Pacemaker 3.0.2 (schema 2.42) names them fencing-*, and still writes the stonith-* it deprecates
                        "stonith-enabled" or "fencing-enabled" => s with { StonithEnabled = Bool(v) },
                        "symmetric-cluster" => s with { SymmetricCluster = Bool(v) },
                        "no-quorum-policy" => s with { NoQuorumPolicy = NullIfEmpty(v) },
                        "maintenance-mode" => s with { MaintenanceMode = Bool(v) },
                        "stop-all-resources" => s with { StopAllResources = Bool(v) },
                        "stonith-timeout-ms" or "fencing-timeout-ms" => s with { StonithTimeoutMs = Int(v) },
                        "priority-fencing-delay-ms" => s with { PriorityFencingDelayMs = Int(v) },
                        "cluster-name" => s with { ClusterName = NullIfEmpty(v) },
                        _ => s,
                    }),
                    "cluster_name" => Attributes(element, s, static (s, name, v) => name == "name" ? s with { ClusterName = NullIfEmpty(v) } : s),
                    _ => s,
                };

                Skip();
            }

            _summary = s;
        }
    }
}
