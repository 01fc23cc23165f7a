#!/usr/bin/python3
"""The namespace graph of src/, read from the code: which namespace uses which, through a `using`, a
qualified name (`Metrics.EventNames`, also inside an interpolated string's holes) or a doc comment's cref.

  arch-graph.py [REPO]                 lines per namespace, its arrows, cycles, the largest files
  arch-graph.py REPO --explain A>B     the types and files that make the arrow A -> B
  arch-graph.py REPO --markdown        the arrows as the table docs/architecture.md carries
  arch-graph.py REPO --write-docs      replace that table in docs/architecture.md with the code's
  arch-graph.py REPO --check           exit 1 on a cycle, a source file over MAX_LINES lines, or a
                                       docs/architecture.md whose arrows table is not the code's
"""
import collections, os, re, sys

MAX_LINES = 450
BEGIN, END = "<!-- arch-graph: begin -->", "<!-- arch-graph: end -->"
PREFIX = "GirAgent."


def strip(text):
    """Code without comments and without the text of plain string literals; crefs and the holes of
    interpolated strings stay, since both name types."""
    crefs = " ".join(re.findall(r'cref="([^"]+)"', text))
    text = re.sub(r'"""[\s\S]*?"""', '""', text)
    text = re.sub(r'//[^\n]*', '', text)
    text = re.sub(r'/\*[\s\S]*?\*/', '', text)
    text = re.sub(r"'(?:\\.|[^'\\])'", "''", text)

    def literal(m):
        return m.group(0) if '$' in m.group(1) else '""'
    text = re.sub(r'([$@]*)"(?:\\.|[^"\\])*"', literal, text)
    return text + "\n" + crefs


def short(ns):
    return ns[len(PREFIX):] if ns.startswith(PREFIX) else ns


def read(root):
    files = {}
    for d, _, names in os.walk(os.path.join(root, "src")):
        if "/obj" in d or "/bin" in d:
            continue
        for f in names:
            if f.endswith(".cs"):
                p = os.path.join(d, f)
                t = open(p, encoding="utf-8").read()
                m = re.search(r'^namespace\s+([\w.]+)', t, re.M)
                files[p] = (m.group(1) if m else "(global)", t)
    return files


def graph(files):
    types = collections.defaultdict(set)
    for ns, t in files.values():
        for m in re.finditer(r'\b(?:class|record|struct|interface|enum)\s+(?:struct\s+|class\s+)?(\w+)', strip(t)):
            types[ns].add(m.group(1))
    namespaces = set(types) | {ns for ns, _ in files.values()}
    deps = collections.defaultdict(lambda: collections.defaultdict(set))  # ns -> dep -> {(type, file)}
    lines = collections.Counter()
    for p, (ns, t) in files.items():
        lines[ns] += t.count("\n")
        usings = set(re.findall(r'^using\s+([\w.]+)\s*;', t, re.M))
        body = strip(re.sub(r'^using\s+[\w.]+\s*;', '', t, flags=re.M))
        visible = {n for n in namespaces if n in usings or ns == n or ns.startswith(n + ".")}
        for m in re.finditer(r'(?<![\w.])\w+(?:\.\w+)*', body):
            parts, target, name = m.group(0).split("."), None, None
            for i, name in enumerate(parts):
                qual = ".".join(parts[:i])
                if qual:
                    cands = [q for q in (qual, PREFIX + qual) if q in namespaces and name in types[q]]
                    if cands:
                        target = cands[0]
                        break
                else:
                    owners = [n for n in namespaces if name in types[n] and n in visible]
                    if owners:
                        target = ns if ns in owners else owners[0]
                        break
            if target is None:
                continue
            if target != ns:
                deps[ns][target].add((name, os.path.relpath(p)))
        for u in usings:  # a using is an arrow even before anything uses it (IDE0005 keeps them honest)
            if u in namespaces and u != ns:
                deps[ns].setdefault(u, set())
    return lines, deps


def cycles(deps):
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]; counter[0] += 1
        stack.append(v); on.add(v)
        for w in list(deps.get(v, {})):
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop(); on.discard(w); scc.append(w)
                if w == v:
                    break
            if len(scc) > 1:
                sccs.append(sorted(scc))
    for v in list(deps):
        if v not in index:
            visit(v)
    return sccs


def markdown(lines, deps):
    out = [BEGIN, "| namespace | lines | uses |", "|---|---|---|"]
    for ns in sorted(lines, key=short):
        out.append(f"| `{short(ns)}` | {lines[ns]} | {', '.join(short(d) for d in sorted(deps[ns], key=short)) or '-'} |")
    out.append(END)
    return "\n".join(out)


def main(argv):
    root = argv[1] if len(argv) > 1 and not argv[1].startswith("--") else "."
    files = read(root)
    lines, deps = graph(files)
    if "--markdown" in argv:
        print(markdown(lines, deps)); return 0
    if "--write-docs" in argv:
        path = os.path.join(root, "docs/architecture.md")
        doc = open(path, encoding="utf-8").read()
        doc = re.sub(re.escape(BEGIN) + r"[\s\S]*?" + re.escape(END), lambda _: markdown(lines, deps), doc)
        open(path, "w", encoding="utf-8").write(doc)
        return 0
    if "--explain" in argv:
        a, b = argv[argv.index("--explain") + 1].split(">")
        for dep, refs in deps[PREFIX + a].items():
            if short(dep) == b:
                for name, path in sorted(refs, key=lambda r: (r[1], r[0])):
                    print(f"{a} -> {b}: {name} in {path}")
        return 0
    sccs = cycles(deps)
    big = sorted(((t.count("\n"), os.path.relpath(p)) for p, (_, t) in files.items()), reverse=True)
    if "--check" in argv:
        problems = [f"namespace cycle: {' <-> '.join(short(n) for n in s)} (--explain A>B shows the types)" for s in sccs]
        problems += [f"{p}: {n} lines (at most {MAX_LINES}: split it by concern)" for n, p in big if n > MAX_LINES]
        doc = open(os.path.join(root, "docs/architecture.md"), encoding="utf-8").read()
        if markdown(lines, deps) not in doc:
            problems.append("docs/architecture.md: the arrows table is not the code's; "
                            "tests/tools/arch-graph.py . --write-docs rewrites it")
        for p in problems:
            print("FAILED architecture: " + p)
        return 1 if problems else 0
    total = sum(lines.values())
    for ns in sorted(lines, key=short):
        print(f"{short(ns):22} {lines[ns]:6} {100 * lines[ns] / total:5.1f}%  -> {', '.join(sorted(short(d) for d in deps[ns]))}")
    print("cycles:", [[short(x) for x in s] for s in sccs] or "none")
    print("largest files:", ", ".join(f"{p.split('src/')[-1]} {n}" for n, p in big[:5]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
