#!/usr/bin/env python3
"""Checks the shape of the project's C++ files (issue 12).

  (a) Every .hpp and .cpp opens with a `//` comment saying what the file is:
      after an optional `#pragma once`, the first non-blank line starts with
      `//` (not `///`, which documents the declaration below it).
  (b) No file is longer than 500 lines and no function longer than 80. The
      tree does not comply yet, so this is a ratchet:
      scripts/structure-allowlist.txt lists today's offenders with their
      sizes; a file or function not on the list may not go over a limit, and
      one on the list may not grow past its recorded size. Entries that now comply
      (or name something that is gone) are printed so that they can be
      removed, and entries that shrank so that they can be lowered.

Usage:
  scripts/check-structure.py                  the project's files (git ls-files)
  scripts/check-structure.py --root DIR       every .hpp/.cpp under DIR instead
  scripts/check-structure.py --allowlist FILE another list (default: the one above,
                                              or DIR/structure-allowlist.txt with --root)
  scripts/check-structure.py --print-allowlist
                                              print today's offenders as a list

One line per problem, `path:line: what`. Exit 0 when all is well, 1 on a
problem, 2 on bad usage (a bad option, a missing folder, a malformed list).

How functions are found (a heuristic, not a C++ parser):
  - Comments, string and character literals (raw strings too; a digit
    separator is not a quote) and preprocessor lines are blanked first, so
    their braces do not count.
  - Braces are matched. A `{` at namespace or class scope opens a function
    body when the text before it, back to the previous `;`, `{` or `}`,
    looks like a signature: a name, a parameter list, then only qualifiers
    (const, noexcept, override, -> return type, ...) or a constructor's
    member initialisers (whose own `x_{...}` braces are skipped). Namespaces
    and `extern "C"` are looked into; classes, structs and unions too, and
    their names qualify the functions defined inside. Anything else (enums,
    brace initialisers, `= {...}`) is skipped whole.
  - Everything inside a function body counts as the function: lambdas and
    local classes included. A function's lines run from the first line of
    its signature (template line included) to its closing brace.
  - Known limits: a lambda or other callable at namespace scope initialised
    with `=` is not a function here; a macro invocation without a `;` before
    a definition is taken as part of its signature only when the two are on
    the same line; overloads of one name in one file share an allowlist
    entry; a conversion operator is named after its type; GoogleTest's
    TEST(suite, name) and similar macros are named as written,
    `TEST(suite, name)`.
"""

import argparse
import os
import re
import subprocess
import sys

FILE_LIMIT = 500
FUNCTION_LIMIT = 80
# The project's own code; tests/scripts/ holds this script's test fixtures,
# which are wrong on purpose.
PROJECT_DIRS = ("actors/", "apps/", "config/", "control/", "fleet/", "http/", "model/", "protocol/", "server/", "stats/", "tests/")
EXCLUDED_DIRS = ("tests/scripts/",)
EXTENSIONS = (".hpp", ".cpp")

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_ALLOWLIST = os.path.join(REPO, "scripts", "structure-allowlist.txt")


class UsageError(Exception):
    pass


# ---------------------------------------------------------------- openings


def opening_problem(lines):
    """Returns why the file does not open with a `//` comment, or None."""
    rest = [l.strip() for l in lines if l.strip()]
    if rest and rest[0] == "#pragma once":
        rest = rest[1:]
    if not rest:
        return "the file is empty; it should open with a // comment saying what it is"
    first = rest[0]
    if first.startswith("///"):
        return ("opens with a /// comment, which documents a declaration; it should "
                "open with a // comment saying what the file is")
    if first.startswith("//"):
        return None
    return "does not open with a // comment saying what the file is"


# ---------------------------------------------------------------- blanking

IDENT = re.compile(r"[A-Za-z0-9_]")
RAW_PREFIXES = ("R", "u8R", "uR", "UR", "LR")


def blank(text):
    """Returns `text` with comments, literals and preprocessor lines replaced
    by spaces (newlines kept, so that offsets keep their line numbers).
    String literals keep their quotes (`"C"` becomes `" "`)."""
    out = list(text)
    n = len(text)
    i = 0
    at_line_start = True  # only whitespace since the last newline

    def wipe(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    def end_of_literal(start, quote):
        # The closing quote of the literal opened at `start` (or the line's
        # end, for one left open), skipping escaped characters.
        j = start + 1
        while j < n and text[j] != quote and text[j] != "\n":
            j += 2 if text[j] == "\\" else 1
        return j

    while i < n:
        c = text[i]
        if c == "\n":
            at_line_start = True
            i += 1
            continue
        if c in " \t\r\f\v":
            i += 1
            continue
        if at_line_start and c == "#":
            # A preprocessor line, with its continuations.
            j = i
            while j < n:
                if text[j] == "\n" and text[j - 1] != "\\":
                    break
                j += 1
            wipe(i, j)
            i = j
            continue
        at_line_start = False
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            wipe(i, j)
            i = j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            wipe(i, j)
            i = j
            continue
        if c == '"':
            k = i
            while k > 0 and IDENT.match(text[k - 1]):
                k -= 1
            prefix = text[k:i]
            if prefix in RAW_PREFIXES:
                m = re.compile(r'"([^ ()\\\t\n]{0,16})\(').match(text, i)
                if m:
                    end = text.find(")" + m.group(1) + '"', m.end())
                    end = n if end < 0 else end + len(m.group(1)) + 2
                    wipe(i + 1, end - 1)
                    i = end
                    continue
            j = end_of_literal(i, '"')
            wipe(i + 1, min(j, n))
            i = j + 1
            continue
        if c == "'":
            # A digit separator (1'000'000, 0xff'ff) is not a quote.
            k = i
            while k > 0 and re.match(r"[0-9A-Za-z_.']", text[k - 1]):
                k -= 1
            if k < i and text[k].isdigit():
                i += 1
                continue
            j = end_of_literal(i, "'")
            wipe(i + 1, min(j, n))
            i = j + 1
            continue
        i += 1
    return "".join(out)


# ---------------------------------------------------------------- functions

QUALIFIERS = {"const", "volatile", "noexcept", "override", "final", "mutable", "try"}
NOT_FUNCTION_NAMES = {
    "alignas", "alignof", "decltype", "sizeof", "noexcept", "throw", "requires",
    "__attribute__", "__declspec", "static_assert", "if", "for", "while", "switch",
    "return", "catch",
}
TEST_MACROS = {"TEST", "TEST_F", "TEST_P", "TYPED_TEST", "TYPED_TEST_P", "RC_GTEST_PROP",
               "RC_GTEST_FIXTURE_PROP"}


def line_of(starts, offset):
    """Returns the 1-based line of `offset`, given the offsets of line starts."""
    lo, hi = 0, len(starts)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid
    return lo + 1


def strip_template_clause(head):
    """Removes a leading `template <...>` (nested brackets allowed)."""
    while True:
        m = re.match(r"\s*template\s*<", head)
        if not m:
            return head
        depth, parens, i = 1, 0, m.end()
        while i < len(head) and depth:
            c = head[i]
            if c == "(":
                parens += 1
            elif c == ")":
                parens -= 1
            elif c == "<" and not parens:
                depth += 1
            elif c == ">" and not parens:
                depth -= 1
            i += 1
        head = head[i:]


def paren_groups(head):
    """Yields (open, close) offsets of the top-level parenthesised groups."""
    depth, start = 0, None
    for i, c in enumerate(head):
        if c == "(":
            if depth == 0:
                start = i
            depth += 1
        elif c == ")" and depth:
            depth -= 1
            if depth == 0:
                yield start, i


def without_parens(s):
    """Replaces every balanced (...) in `s` by `()`."""
    prev = None
    while prev != s:
        prev = s
        s = re.sub(r"\([^()]*\)", "\x01", s)
    return s.replace("\x01", "()")


def classify(head):
    """Says what a `{` after `head` opens: ("namespace",), ("class", name),
    ("function", name, init) where init tells that a constructor's member
    initialiser list follows the parameters, or ("other",)."""
    h = re.sub(r"\[\[.*?\]\]", " ", head)
    h = strip_template_clause(h).strip()
    if re.match(r"(inline\s+)?namespace\b", h) or re.match(r'extern\s*"\s*"$', h):
        return ("namespace",)
    if re.match(r"(typedef\s+)?enum\b", h):
        return ("other",)
    m = re.match(r"(?:typedef\s+)?(class|struct|union)\b(.*)$", h, re.S)
    if m:
        tail = re.sub(r"\balignas\s*\(\)", " ", without_parens(m.group(2)))
        decl = re.split(r"(?<!:):(?!:)", tail, maxsplit=1)[0]
        if "(" not in decl:  # else a function returning a struct
            words = [w for w in re.findall(r"[A-Za-z_][\w:]*", decl) if w != "final"]
            return ("class", words[-1] if words else "")
    # Top-level `=` outside parentheses (operator names aside): an initialiser.
    flat = without_parens(re.sub(r"operator\s*(\(\)|\[\]|[^\w\s(]+)", "operator_", h))
    if "=" in flat.replace("==", "").replace("!=", "").replace("<=", "").replace(">=", ""):
        return ("other",)
    op = re.search(r"operator\s*(\(\)|\[\]|new\b|delete\b|[^\w\s(]+)\s*\(", h)
    for start, end in paren_groups(h):
        if op and op.start() <= start < op.end() - 1:
            continue  # the `()` of `operator()`
        if op and op.end() - 1 == start:
            name = "operator" + op.group(1)
            before = h[:op.start()]
            q = re.search(r"((?:[A-Za-z_]\w*\s*::\s*)*)$", before)
            name = re.sub(r"\s+", "", q.group(1)) + name
        else:
            m = re.search(r"(~?\s*[A-Za-z_]\w*(?:\s*::\s*~?\s*[A-Za-z_]\w*)*)\s*$", h[:start])
            if not m:
                return ("other",)
            name = re.sub(r"\s+", "", m.group(1))
            if name.split("::")[-1] in NOT_FUNCTION_NAMES:
                continue
        rest = without_parens(h[end + 1:]).strip()
        init = False
        words = rest
        if re.search(r"(^|[^:]):([^:]|$)", rest):
            words, init = re.split(r"(?<!:):(?!:)", rest, maxsplit=1)[0], True
        words = re.split(r"->|\brequires\b", words, maxsplit=1)[0]
        words = words.replace("()", " ").replace("&", " ")
        if all(w in QUALIFIERS for w in words.split()):
            if name in TEST_MACROS:
                args = re.sub(r"\s+", " ", h[start + 1:end]).strip()
                name = "%s(%s)" % (name, args)
            return ("function", name, init)
        return ("other",)
    return ("other",)


def last_statement(text, begin, end):
    """Returns the offset where the statement before `end` starts: after
    `begin`, cut at a `)` that ends a line when the next line starts with
    a name that is no qualifier (a macro invocation without a `;`)."""
    segment = text[begin:end]
    cut = 0
    for m in re.finditer(r"\)[ \t]*\n\s*([A-Za-z_]\w*)", segment):
        if m.group(1) not in QUALIFIERS and m.group(1) != "requires":
            cut = m.start(1)
    return begin + cut


# Whitespace and access specifiers before a declaration.
ACCESS = re.compile(r"(?:\s|(?:public|protected|private)\s*:(?!:))*")


def match_brace(text, i):
    """Returns the offset of the `}` that closes the `{` at `i`."""
    depth = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n - 1


def functions(source):
    """Returns (name, first line, line count) of each function defined at
    namespace or class scope in C++ `source`."""
    text = blank(source)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found = []

    def scan(begin, end, scope):
        i = begin
        stmt = begin
        while i < end:
            c = text[i]
            if c in ";}":
                i += 1
                stmt = i
                continue
            if c != "{":
                i += 1
                continue
            head_start = last_statement(text, stmt, i)
            head_start += len(ACCESS.match(text, head_start, i).group(0))
            head = text[head_start:i]
            close = match_brace(text, i)
            if head.count("(") > head.count(")"):
                # Inside parentheses: a lambda or a braced value in a
                # constructor's initialiser or a call. Part of the head.
                i = close + 1
                continue
            kind = classify(head)
            if kind[0] == "namespace":
                scan(i + 1, close, scope)
            elif kind[0] == "class":
                scan(i + 1, close, scope + ([kind[1]] if kind[1] else []))
            elif kind[0] == "function" and kind[2] and re.search(r"[\w>]\s*$", head):
                # A member initialiser `x_{...}` of a constructor: keep going.
                i = close + 1
                continue
            elif kind[0] == "function":
                a, b = line_of(starts, head_start), line_of(starts, close)
                found.append(("::".join(scope + [kind[1]]), a, b - a + 1))
            i = close + 1
            stmt = i
        return found

    return scan(0, len(text), [])


# ---------------------------------------------------------------- the check


def project_files():
    try:
        out = subprocess.run(["git", "-C", REPO, "ls-files", "-z"], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise UsageError("cannot list the project's files with git: %s" % e)
    paths = [p for p in out.split("\0") if p]
    return REPO, sorted(p for p in paths
                        if p.endswith(EXTENSIONS) and p.startswith(PROJECT_DIRS)
                        and not p.startswith(EXCLUDED_DIRS) and os.path.isfile(os.path.join(REPO, p)))


def folder_files(root):
    if not os.path.isdir(root):
        raise UsageError("--root %s: not a folder" % root)
    paths = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in names:
            if name.endswith(EXTENSIONS):
                paths.append(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
    return root, sorted(paths)


def read_allowlist(path):
    """Returns {("file", path): lines, ("function", path, name): lines}."""
    entries = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise UsageError("--allowlist: cannot read %s: %s" % (path, e.strerror))
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        parts = text.split()
        bad = UsageError("%s:%d: expected `file PATH LINES` or `function PATH NAME LINES`"
                         % (path, number))
        if parts[0] == "file" and len(parts) == 3:
            key = ("file", parts[1])
        elif parts[0] == "function" and len(parts) >= 4:
            key = ("function", parts[1], " ".join(parts[2:-1]))
        else:
            raise bad
        if not parts[-1].isdigit():
            raise bad
        entries[key] = int(parts[-1])
    return entries


def check(root, paths, allowlist):
    """Returns (problems, stale, lower, offenders): one line per problem;
    allowlist entries that comply now; entries that shrank; and the
    offenders as allowlist lines."""
    problems, offenders = [], []
    seen = {}
    for path in paths:
        try:
            with open(os.path.join(root, path), encoding="utf-8") as f:
                source = f.read()
        except (OSError, UnicodeDecodeError) as e:
            problems.append("%s:1: cannot be read: %s" % (path, e))
            continue
        lines = source.splitlines()
        why = opening_problem(lines)
        if why:
            problems.append("%s:1: %s" % (path, why))
        size = len(lines)
        if size > FILE_LIMIT:
            key = ("file", path)
            offenders.append("file %s %d" % (path, size))
            seen[key] = max(size, seen.get(key, 0))
            allowed = allowlist.get(key)
            if allowed is None:
                problems.append("%s:1: file is %d lines (limit %d)" % (path, size, FILE_LIMIT))
            elif size > allowed:
                problems.append("%s:1: file is %d lines, grew past the %d of its allowlist entry (limit %d)"
                                % (path, size, allowed, FILE_LIMIT))
        for name, line, length in functions(source):
            if length <= FUNCTION_LIMIT:
                continue
            key = ("function", path, name)
            offenders.append("function %s %s %d" % (path, name, length))
            seen[key] = max(length, seen.get(key, 0))
            allowed = allowlist.get(key)
            if allowed is None:
                problems.append("%s:%d: function '%s' is %d lines (limit %d)"
                                % (path, line, name, length, FUNCTION_LIMIT))
            elif length > allowed:
                problems.append("%s:%d: function '%s' is %d lines, grew past the %d of its "
                                "allowlist entry (limit %d)"
                                % (path, line, name, length, allowed, FUNCTION_LIMIT))
    stale = [k for k in allowlist if k not in seen]
    lower = [(k, allowlist[k], seen[k]) for k in allowlist if k in seen and seen[k] < allowlist[k]]
    return problems, stale, lower, offenders


def describe(key):
    return "%s %s" % (key[0], " ".join(key[1:]))


def main(argv):
    parser = argparse.ArgumentParser(
        prog="check-structure.py",
        description="Checks that every .hpp/.cpp opens with a comment saying what it is, "
                    "and the size limits (%d lines a file, %d a function) against an allowlist."
                    % (FILE_LIMIT, FUNCTION_LIMIT))
    parser.add_argument("--root", help="check every .hpp/.cpp under this folder instead of "
                                       "the project's files")
    parser.add_argument("--allowlist", help="the list of allowed offenders (default: "
                                            "scripts/structure-allowlist.txt, or "
                                            "ROOT/structure-allowlist.txt with --root)")
    parser.add_argument("--print-allowlist", action="store_true",
                        help="print today's offenders in the allowlist's format and exit")
    args = parser.parse_args(argv)
    try:
        if args.root:
            root, paths = folder_files(args.root)
            allow_path = args.allowlist or os.path.join(args.root, "structure-allowlist.txt")
        else:
            root, paths = project_files()
            allow_path = args.allowlist or DEFAULT_ALLOWLIST
        allowlist = {} if args.print_allowlist else read_allowlist(allow_path)
    except UsageError as e:
        print("check-structure.py: %s" % e, file=sys.stderr)
        return 2
    problems, stale, lower, offenders = check(root, paths, allowlist)
    if args.print_allowlist:
        print("\n".join(offenders))
        return 0
    for p in problems:
        print(p)
    for key in stale:
        print("%s: allowlist entry '%s' is within the limit now (or gone): remove it"
              % (allow_path, describe(key)))
    for key, was, now in lower:
        print("%s: allowlist entry '%s' is %d lines now: lower it from %d"
              % (allow_path, describe(key), now, was))
    if problems:
        print("check-structure.py: %d problem(s) in %d files" % (len(problems), len(paths)),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
