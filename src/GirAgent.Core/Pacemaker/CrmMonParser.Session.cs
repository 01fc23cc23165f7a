using System.Collections.ObjectModel;
using System.Xml;

namespace GirAgent.Pacemaker;

internal static partial class CrmMonParser
{
    /// <summary>
    /// One parse: walks the document once with the reader and fills the lists. Every element
    /// handler starts on the element's start tag and leaves the reader just after its end tag.
    /// </summary>
    private sealed partial class Session : IDisposable
    {
        private const int MaxPooledChars = 128;
        private const int MaxPooledStrings = 4096;

        private readonly XmlReader _r;
        private readonly IXmlLineInfo? _lineInfo;
        private char[] _buffer = System.Buffers.ArrayPool<char>.Shared.Rent(MaxAttributeChars + 1);
        private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _poolLookup;

        private CrmMonFormat _format;
        private string? _apiVersion;
        private string? _crmMonVersion;
        private bool _legacy11;
        private ClusterSummary _summary = new();
        private readonly List<ClusterNode> _nodes = [];
        private readonly List<ClusterResource> _resources = [];
        private readonly List<ClusterResource> _resourcesUnderNodes = [];
        private readonly List<ResourceFailure> _failures = [];
        private readonly List<FenceEvent> _fenceHistory = [];
        private readonly List<ResourceBan> _bans = [];
        private readonly Dictionary<string, Dictionary<string, string>> _nodeAttributes = new(StringComparer.Ordinal);
        private readonly List<NodeHistory> _history = [];
        private bool _sawCrmMonSection;
        private int _nodeCount;
        private int _resourceCount;
        private int _historyCount;
        private int _otherCount;
        private int? _statusCode;
        private string? _statusMessage;
        private List<string>? _statusErrors;

        /// <summary>
        /// Counts one more entry of a kind and refuses the document past its limit, before the entry is built:
        /// a document of millions of tiny elements under the size limit would otherwise take gigabytes.
        /// </summary>
        private void Admit(ref int count, int max, string what)
        {
            if (++count > max)
            {
                throw Error($"crm_mon XML lists more than {max:N0} {what}: refused (no cluster has that many; a generated or hostile document?)");
            }
        }

        public Session(XmlReader reader)
        {
            _r = reader;
            _lineInfo = reader as IXmlLineInfo;
            _poolLookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public void Dispose()
        {
            var buffer = _buffer;
            _buffer = [];
            if (buffer.Length > 0)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(buffer);
            }
        }

        public ClusterSnapshot Run()
        {
            if (_r.MoveToContent() != XmlNodeType.Element)
            {
                throw Error("crm_mon XML has no root element");
            }

            var root = _r.LocalName;
            switch (root)
            {
                case "pacemaker-result":
                    _format = CrmMonFormat.Modern2x;
                    _apiVersion = _r.GetAttribute("api-version");
                    break;
                case "crm_mon":
                    _format = CrmMonFormat.Legacy;
                    _crmMonVersion = _r.GetAttribute("version");
                    _legacy11 = _crmMonVersion is { } v && v.StartsWith("1.", StringComparison.Ordinal);
                    break;
                case "cib":
                    throw Error("root element is <cib>: this is a CIB, not crm_mon output; render it with CIB_file=FILE crm_mon -1 --output-as=xml");
                default:
                    throw Error($"root element is <{Name(root)}>, expected <pacemaker-result> (crm_mon --output-as=xml) or <crm_mon> (crm_mon --as-xml)");
            }

            if (_apiVersion is { Length: > MaxAttributeChars } || _crmMonVersion is { Length: > MaxAttributeChars })
            {
                throw Error($"version attribute of <{root}> is longer than {MaxAttributeChars} characters");
            }

            ReadSections(ElementDepth());

            // Anything after the root must be comments or whitespace: let the reader check.
            while (_r.Read())
            {
            }

            return Finish(root);
        }

        /// <summary>
        /// The sections of the element at <paramref name="depth"/>: crm_mon's, in any order; <c>&lt;cluster_status&gt;</c>
        /// (crm_simulate's wrapper around the same sections) is read through, once.
        /// </summary>
        private void ReadSections(int depth, bool nested = false)
        {
            if (!Enter())
            {
                return;
            }

            while (NextChild(depth))
            {
                switch (_r.LocalName)
                {
                    case "cluster_status" when !nested:
                        ReadSections(ElementDepth(), nested: true);
                        break;
                    case "summary":
                        _sawCrmMonSection = true;
                        ReadSummary();
                        break;
                    case "nodes":
                        _sawCrmMonSection = true;
                        ReadNodes();
                        break;
                    case "resources":
                        _sawCrmMonSection = true;
                        ReadResources();
                        break;
                    case "node_attributes":
                        ReadNodeAttributes();
                        break;
                    case "node_history":
                        ReadNodeHistory();
                        break;
                    case "failures":
                        ReadFailures();
                        break;
                    case "fence_history":
                        ReadFenceHistory();
                        break;
                    case "bans":
                        ReadBans();
                        break;
                    case "pacemakerd":
                        ReadPacemakerd();
                        break;
                    case "status":
                        ReadStatus();
                        break;
                    case "crm-mon-disconnected":
                        ReadDisconnected();
                        break;
                    default:
                        Skip();
                        break;
                }
            }
        }

        private ClusterSnapshot Finish(string root)
        {
            if (_statusCode is { } code && code != 0)
            {
                var what = _statusMessage is { Length: > 0 } m ? OneLine(m, 200) : "error";
                if (_statusErrors is { Count: > 0 } errors)
                {
                    what += ": " + OneLine(string.Join("; ", errors), 600);
                }

                throw new CrmMonFormatException(
                    $"crm_mon reported: {what} (code {code})",
                    code,
                    _sawCrmMonSection ? Build() : null);
            }

            if (!_sawCrmMonSection && _statusErrors is { Count: > 0 } said)
            {
                // Pacemaker 3.0 says "OK" (code 0) when it could not read the CIB at all, with the reason in <errors>
                throw new CrmMonFormatException($"crm_mon reported no cluster state: {OneLine(string.Join("; ", said), 600)}");
            }

            if (!_sawCrmMonSection)
            {
                throw new CrmMonFormatException(
                    $"no crm_mon sections in <{root}>: expected at least one of <summary>, <nodes>, <resources>");
            }

            return Build();
        }

        private ClusterSnapshot Build()
        {
            MergeResourcesListedUnderNodes();
            var attributes = new Dictionary<string, IReadOnlyDictionary<string, string>>(_nodeAttributes.Count, StringComparer.Ordinal);
            foreach (var (node, values) in _nodeAttributes)
            {
                attributes[node] = new ReadOnlyDictionary<string, string>(values);
            }

            return new ClusterSnapshot
            {
                Format = _format,
                ApiVersion = _apiVersion,
                CrmMonVersion = _crmMonVersion,
                Summary = _summary,
                Nodes = _nodes.ToArray(),
                Resources = _resources.ToArray(),
                Failures = _failures.ToArray(),
                FenceHistory = _fenceHistory.ToArray(),
                Bans = _bans.ToArray(),
                NodeAttributes = new ReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>(attributes),
                OperationHistory = _history.ToArray(),
            };
        }

        /// <summary>
        /// With <c>crm_mon -n</c> active primitives are printed under their node (without their
        /// parents) and only partly active or inactive ones under &lt;resources&gt;: add those
        /// that &lt;resources&gt; did not already show on that node.
        /// </summary>
        private void MergeResourcesListedUnderNodes()
        {
            if (_resourcesUnderNodes.Count == 0)
            {
                return;
            }

            var shown = new HashSet<(string Id, string Node)>();
            foreach (var r in _resources)
            {
                foreach (var n in r.Nodes)
                {
                    shown.Add((r.Id, n));
                }
            }

            foreach (var r in _resourcesUnderNodes)
            {
                var isNew = r.Nodes.Count == 0;
                foreach (var n in r.Nodes)
                {
                    if (shown.Add((r.Id, n)))
                    {
                        isNew = true;
                    }
                }

                if (isNew)
                {
                    _resources.Add(r);
                }
            }

            _resourcesUnderNodes.Clear();
        }

    }
}
