namespace GirAgent.Pacemaker;

// crm_mon XML, <nodes> and <node_attributes>.
internal static partial class CrmMonParser
{
    private sealed partial class Session
    {
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

                var node = NodeName();

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
    }
}
