#!/usr/bin/python3
"""tests/layers.py -- the include check of gesprek (DESIGN §3).

Reads every `#include "..."` line under fcgi/, maps each file to its room
(layer) by the one table fcgi/LAYERS, and fails when

  - a file includes a header of a room its own room may not include (a
    lower layer reaching up, or a neighbour leaning sideways);
  - a circle appears between modules (a module is x.c with x.h: x.c
    including y.h while y.c includes x.h is a circle of calls, even when
    no header includes itself; headers without a .c only pass an edge on);
  - a file reaches a header its room's line denies ("!store/db.h"), even
    through other headers;
  - the table itself allows a room to include one of an equal or higher
    rank, names an unknown room, or a file lies in a room it does not list.

Usage: tests/layers.py [ROOT]   (ROOT: the tree holding fcgi/; default the
repository).  Prints one line per problem; exits 1 on any, 0 when clean.
Standard library only (runs on Debian's /usr/bin/python3).
"""
import os
import re
import sys

INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
# Written by configure and by make (the version), not part of the tree.
GENERATED = {"config.h", "gesprek_version.h"}
SOURCE_SUFFIXES = (".c", ".h")
ANY = "*"


def read_table(path):
    """Rooms of fcgi/LAYERS: {room: (rank, allowed set or ANY)}, the files
    each room may not reach even through other headers ("!store/db.h"),
    problems."""
    rooms, denied, problems = {}, {}, []
    with open(path, encoding="utf-8") as f:
        for num, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            if len(words) < 2 or not words[1].isdigit():
                problems.append(f"{path}:{num}: expected 'room rank [rooms...]'")
                continue
            rest = [w for w in words[2:] if not w.startswith("!")]
            denied[words[0]] = {w[1:] for w in words[2:] if w.startswith("!")}
            allowed = ANY if rest == [ANY] else set(rest)
            rooms[words[0]] = (int(words[1]), allowed)
    for room, (rank, allowed) in rooms.items():
        if allowed == ANY:
            continue
        for other in sorted(allowed):
            if other not in rooms:
                problems.append(f"{path}: room '{room}' may include unknown room '{other}'")
            elif rooms[other][0] >= rank:
                problems.append(
                    f"{path}: room '{room}' (rank {rank}) may not include '{other}' "
                    f"(rank {rooms[other][0]}): only lower ranks")
    return rooms, denied, problems


def room_of(rel):
    """The room of a path relative to fcgi/: its directory, or for a file
    at the top its name up to the first '_' (app.c and app_auth.c -> app)."""
    parts = rel.split("/")
    if len(parts) > 1:
        return parts[0]
    return os.path.splitext(parts[0])[0].split("_", 1)[0]


def sources(fcgi):
    for dirpath, dirnames, filenames in os.walk(fcgi):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(SOURCE_SUFFIXES):
                full = os.path.join(dirpath, name)
                yield os.path.relpath(full, fcgi).replace(os.sep, "/")


def resolve(fcgi, rel, target):
    """The included file relative to fcgi/ (the build's -I fcgi first, then
    the including file's directory), or None."""
    for base in ("", os.path.dirname(rel)):
        cand = os.path.normpath(os.path.join(base, target)).replace(os.sep, "/")
        if not cand.startswith("..") and os.path.isfile(os.path.join(fcgi, cand)):
            return cand
    return None


def includes(fcgi, rel):
    with open(os.path.join(fcgi, rel), encoding="utf-8", errors="replace") as f:
        for num, line in enumerate(f, 1):
            m = INCLUDE_RE.match(line)
            if m:
                yield num, m.group(1)


def module(rel):
    return os.path.splitext(rel)[0]


def circles(edges):
    """Strongly connected components of more than one module (Tarjan,
    iterative so a deep tree cannot reach Python's recursion limit)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(edges.get(nxt, ())))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    comp.append(top)
                    if top == node:
                        break
                if len(comp) > 1:
                    found.append(sorted(comp))
    return found


def code_edges(edges, with_code):
    """The module graph between modules that have code (a .c), an edge
    passing through header-only modules (types, constants): only code
    can call back, so a circle of calls runs between modules with code,
    while a header of types another module implements (store/rows.h)
    makes none."""
    out = {}
    for start in with_code:
        seen, todo, reach = set(), list(edges.get(start, ())), set()
        while todo:
            m = todo.pop()
            if m in seen or m == start:
                continue
            seen.add(m)
            if m in with_code:
                reach.add(m)
            else:
                todo.extend(edges.get(m, ()))
        out[start] = reach
    return out


def reached_denied(rel, deps, bad):
    """Problems for each file of bad that rel reaches through its includes
    (directly or through other headers), named by the include it starts
    from."""
    out = []
    for num, target, dep in deps.get(rel, ()):
        seen, todo = set(), [dep]
        while todo:
            f = todo.pop()
            if f in seen:
                continue
            seen.add(f)
            if f in bad:
                via = "" if f == dep else f" (through {target})"
                out.append(f"fcgi/{rel}:{num}: reaches {f}{via}, which its room may not see; "
                           "see fcgi/LAYERS")
                break
            todo.extend(d for _, _, d in deps.get(f, ()))
    return out


def check(root):
    fcgi = os.path.join(root, "fcgi")
    table = os.path.join(fcgi, "LAYERS")
    rooms, denied, problems = read_table(table)
    edges = {}
    deps = {}
    for rel in sources(fcgi):
        room = room_of(rel)
        if room not in rooms:
            problems.append(f"fcgi/{rel}: room '{room}' is not in fcgi/LAYERS")
            continue
        rank, allowed = rooms[room]
        for num, target in includes(fcgi, rel):
            if target in GENERATED:
                continue
            dep = resolve(fcgi, rel, target)
            if dep is None:
                problems.append(f"fcgi/{rel}:{num}: #include \"{target}\": no such file under fcgi/")
                continue
            deps.setdefault(rel, []).append((num, target, dep))
            if module(dep) != module(rel):
                edges.setdefault(module(rel), set()).add(module(dep))
            other = room_of(dep)
            if other == room or allowed == ANY:
                continue
            if other not in allowed:
                orank = rooms[other][0] if other in rooms else "?"
                way = ("not allowed" if other not in rooms or orank < rank
                       else "sideways" if orank == rank else "upward")
                problems.append(
                    f"fcgi/{rel}:{num}: #include \"{target}\": {way}: room '{room}' "
                    f"(rank {rank}) may not include '{other}' (rank {orank}); see fcgi/LAYERS")
    for rel in sorted(deps):
        bad = denied.get(room_of(rel), set())
        if bad:
            problems.extend(reached_denied(rel, deps, bad))
    for comp in circles(code_edges(edges, {module(r) for r in sources(fcgi) if r.endswith(".c")})):
        problems.append("circle between modules: " + " <-> ".join(comp)
                        + " (each reaches the others through its includes)")
    return problems


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    problems = check(root)
    for p in problems:
        print(p)
    if problems:
        print(f"layers: {len(problems)} problem(s); the allowed directions are in fcgi/LAYERS")
        return 1
    print("layers: every include goes downward, no circles")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
