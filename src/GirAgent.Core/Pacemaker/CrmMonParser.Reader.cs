using System.Xml;

namespace GirAgent.Pacemaker;

internal static partial class CrmMonParser
{
    /// <summary>The session's traversal of the XmlReader and its bounded reads of attributes and text.</summary>
    private sealed partial class Session
    {
        /// <summary>Moves back from the attributes to the element and returns its depth.</summary>
        private int ElementDepth()
        {
            _r.MoveToElement();
            return _r.Depth;
        }

        /// <summary>On a start tag: consumes an empty element and returns false, else steps inside and returns true.</summary>
        private bool Enter()
        {
            _r.MoveToElement();
            if (_r.IsEmptyElement)
            {
                _r.Read();
                return false;
            }

            _r.Read();
            return true;
        }

        /// <summary>
        /// Inside the element at <paramref name="parentDepth"/>: moves to its next child element and
        /// returns true, or consumes its end tag and returns false. Text between children is ignored.
        /// </summary>
        private bool NextChild(int parentDepth)
        {
            while (true)
            {
                switch (_r.NodeType)
                {
                    case XmlNodeType.Element:
                        CheckDepth();
                        return true;
                    case XmlNodeType.EndElement when _r.Depth == parentDepth:
                        _r.Read();
                        return false;
                }

                if (!_r.Read())
                {
                    throw Error("crm_mon XML ends inside an element (truncated?)");
                }
            }
        }

        /// <summary>Skips the element the reader is on, with everything inside it (depth still checked).</summary>
        private void Skip()
        {
            _r.MoveToElement();
            if (_r.IsEmptyElement)
            {
                _r.Read();
                return;
            }

            var depth = ElementDepth();
            while (_r.Read())
            {
                if (_r.NodeType == XmlNodeType.Element)
                {
                    CheckDepth();
                }
                else if (_r.NodeType == XmlNodeType.EndElement && _r.Depth == depth)
                {
                    _r.Read();
                    return;
                }
            }

            throw Error("crm_mon XML ends inside an element (truncated?)");
        }

        /// <summary>Concatenated text inside the current element (child elements skipped), up to <see cref="MaxAttributeChars"/>.</summary>
        private string ReadText()
        {
            var element = _r.LocalName;
            var depth = ElementDepth();
            if (!Enter())
            {
                return "";
            }

            string? single = null;
            System.Text.StringBuilder? sb = null;
            while (true)
            {
                switch (_r.NodeType)
                {
                    case XmlNodeType.Element:
                        CheckDepth();
                        Skip();
                        continue;
                    case XmlNodeType.EndElement when _r.Depth == depth:
                        _r.Read();
                        return sb?.ToString() ?? single ?? "";
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                        var value = _r.Value;
                        if (single is null && sb is null)
                        {
                            single = value;
                        }
                        else
                        {
                            sb ??= new System.Text.StringBuilder(single);
                            sb.Append(value);
                        }

                        if ((sb?.Length ?? single!.Length) > MaxAttributeChars)
                        {
                            throw Error($"text of <{Name(element)}> is longer than {MaxAttributeChars} characters");
                        }

                        break;
                }

                if (!_r.Read())
                {
                    throw Error("crm_mon XML ends inside an element (truncated?)");
                }
            }
        }

        private void CheckDepth()
        {
            if (_r.Depth >= MaxDepth)
            {
                throw Error($"crm_mon XML nests elements more than {MaxDepth} deep (<{Name(_r.LocalName)}>)");
            }
        }

        /// <summary>
        /// The value of the attribute the reader is on, refused when longer than
        /// <see cref="MaxAttributeChars"/>. Copied into a buffer without making a string (most values
        /// are flags and numbers); valid until the next call.
        /// </summary>
        /// <summary>The one attribute loop: folds each attribute of the current element (its name and value) into <paramref name="value"/>.</summary>
        private T Attributes<T>(string element, T value, Func<T, string, ReadOnlySpan<char>, T> apply)
        {
            while (_r.MoveToNextAttribute())
            {
                value = apply(value, _r.LocalName, Span(element));
            }

            return value;
        }

        private ReadOnlySpan<char> Span(string element)
        {
            if (!_r.CanReadValueChunk)
            {
                var value = _r.Value;
                return value.Length > MaxAttributeChars ? throw TooLong(element, value.Length) : value;
            }

            var n = _r.ReadValueChunk(_buffer, 0, MaxAttributeChars + 1);
            if (n <= MaxAttributeChars)
            {
                return _buffer.AsSpan(0, n);
            }

            long total = n;
            int more;
            while ((more = _r.ReadValueChunk(_buffer, 0, _buffer.Length)) > 0)
            {
                total += more;
            }

            throw TooLong(element, total);
        }

        private CrmMonFormatException TooLong(string element, long length) =>
            Error($"attribute '{Name(_r.LocalName)}' of <{Name(element)}> is {length} characters long, the limit is {MaxAttributeChars}");

        /// <summary>The <c>name</c> of the <c>&lt;node&gt;</c> element the reader is on (its other attributes skipped); required.</summary>
        private string NodeName()
        {
            string? name = null;
            while (_r.MoveToNextAttribute())
            {
                var v = Span("node");
                if (_r.LocalName == "name") name = Pool(v);
            }
            return string.IsNullOrEmpty(name) ? throw Missing("node", "name") : name;
        }

        /// <summary>
        /// A string for a value that repeats across the document (roles, agents, node names, tasks):
        /// one instance per distinct value, so a 4,000-resource snapshot holds a few dozen "Started".
        /// </summary>
        private string Pool(ReadOnlySpan<char> value)
        {
            if (value.IsEmpty)
            {
                return "";
            }

            if (value.Length > MaxPooledChars)
            {
                return value.ToString();
            }

            if (_poolLookup.TryGetValue(value, out var pooled))
            {
                return pooled;
            }

            pooled = value.ToString();
            if (_pool.Count < MaxPooledStrings)
            {
                _pool[pooled] = pooled;
            }

            return pooled;
        }

        private string? PoolOrNull(ReadOnlySpan<char> value) => value.IsEmpty ? null : Pool(value);

        /// <summary>A resource agent as 2.x writes it: 1.1's <c>ocf::heartbeat:IPaddr2</c> becomes <c>ocf:heartbeat:IPaddr2</c>.</summary>
        private string? Agent(ReadOnlySpan<char> value)
        {
            if (value.IsEmpty)
            {
                return null;
            }

            var at = value.IndexOf("::", StringComparison.Ordinal);
            if (at <= 0)
            {
                return Pool(value);
            }

            Span<char> joined = value.Length <= 256 ? stackalloc char[value.Length - 1] : new char[value.Length - 1];
            value[..at].CopyTo(joined);
            value[(at + 1)..].CopyTo(joined[at..]);
            return Pool(joined);
        }

        private CrmMonFormatException Missing(string element, string attribute)
        {
            _r.MoveToElement();
            return Error($"<{element}> has no '{attribute}' attribute");
        }

        private CrmMonFormatException Error(string what)
        {
            var line = _lineInfo?.LineNumber ?? 0;
            var pos = _lineInfo?.LinePosition ?? 0;
            return line > 0
                ? new CrmMonFormatException($"{what} (line {line}, position {pos})", line, pos)
                : new CrmMonFormatException(what);
        }

        /// <summary>An element or attribute name safe to quote in a message.</summary>
        private static string Name(string name) => OneLine(name, 60);
    }
}
