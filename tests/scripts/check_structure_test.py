#!/usr/bin/env python3
# Tests of scripts/check-structure.py: its output and exit code on the
# fixtures (the short ones in tests/scripts/structure/, the long ones written
# here), on a long file, and on bad usage.

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "scripts", "check-structure.py")
FIXTURES = os.path.join(HERE, "structure")


def check(*args):
    p = subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True)
    return p.returncode, p.stdout.splitlines(), p.stderr


def write(folder, name, text):
    with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
        f.write(text)


def function(signature, length, head="", tail="return x;", indent=""):
    """A C++ function `length` lines long: `signature {`, the lines of `head`,
    then `x += 0;`, `x += 1;`, ... as many as fill it, `tail` and `}`."""
    head_lines = head.splitlines()
    body = head_lines + ["x += %d;" % i for i in range(length - 3 - len(head_lines))]
    return "".join([indent + signature + " {\n"]
                   + [indent + "  " + line + "\n" for line in body + [tail]]
                   + [indent + "}\n"])


# What at_the_limit opens with: braces the checker must not count.
BRACES_IN_DISGUISE = r"""const char* s = "{ not a brace }";
char open = '{';
char close = '}';
// { nor is this one
/* nor { these } */
const char* raw = R"({ "json": [1, 2, {"deep": true}] })";
const char* raw2 = R"x(a )" { in a raw string )x";
long big = 1'000'000;
auto add = [&](int y) {
  return x + y;
};
if (open == close) {
  x = add(static_cast<int>(big));
}
x += s[0] + raw[0] + raw2[0];"""

# The fixtures whose functions must be long, by name; each piece of a file is
# followed by a blank line but the last.
LONG_FIXTURES = {
    "allowlisted.cpp": [
        "// Functions over the limit that the allowlist names: one grew past its entry,\n"
        "// one kept its size, one shrank.\n",
        "namespace fixture {\n",
        function("int grown(int x)", 90),
        function("int kept(int x)", 84),
        function("int shrunk(int x)", 82),
        "} // namespace fixture\n",
    ],
    "compliant.cpp": [
        "// A compliant source: its functions stay within the limit, whatever braces\n"
        "// its strings, characters and comments hold.\n",
        "#include <string>\n",
        "#define FIXTURE_BRACE {\n",
        "namespace fixture {\n",
        "namespace {\n",
        "struct point {\n  int x = 0;\n  int y{0};\n};\n",
        "constexpr int table[] = {1, 2, 3};\n",
        "} // namespace\n",
        function("int at_the_limit(int x)", 80, head=BRACES_IN_DISGUISE, tail="return x + 62;"),
        "} // namespace fixture\n",
    ],
    "too_long.cpp": [
        "// Functions over the limit that the allowlist does not name.\n",
        "namespace fixture {\n",
        function("int too_long(int x)", 90, head="auto twice = [](int y) {\n  return 2 * y;\n};"),
        "struct widget {\n  int x = 0;\n\n" + function("int draw()", 81, indent="  ") + "};\n",
        "} // namespace fixture\n",
    ],
}


def write_long_fixture(folder, name):
    write(folder, name, "\n".join(LONG_FIXTURES[name]))


def fixture_folder(test):
    """A temporary folder, removed after `test`, holding every fixture."""
    d = tempfile.mkdtemp()
    test.addCleanup(shutil.rmtree, d)
    for name in os.listdir(FIXTURES):
        shutil.copy(os.path.join(FIXTURES, name), d)
    for name in LONG_FIXTURES:
        write_long_fixture(d, name)
    return d


class fixtures(unittest.TestCase):
    def test_reports_each_problem_on_one_line(self):
        root = fixture_folder(self)
        allowlist = os.path.join(root, "structure-allowlist.txt")
        code, out, err = check("--root", root, "--allowlist", allowlist)
        self.assertEqual(code, 1, err)
        self.assertEqual(out, [
            "allowlisted.cpp:6: function 'grown' is 90 lines, grew past the 85 of its "
            "allowlist entry (limit 80)",
            "doc_comment.hpp:1: opens with a /// comment, which documents a declaration; "
            "it should open with a // comment saying what the file is",
            "no_opening.cpp:1: does not open with a // comment saying what the file is",
            "too_long.cpp:5: function 'too_long' is 90 lines (limit 80)",
            "too_long.cpp:99: function 'widget::draw' is 81 lines (limit 80)",
            allowlist + ": allowlist entry 'function allowlisted.cpp gone' is within the "
            "limit now (or gone): remove it",
            allowlist + ": allowlist entry 'file gone.cpp' is within the limit now (or "
            "gone): remove it",
            allowlist + ": allowlist entry 'function allowlisted.cpp shrunk' is 82 lines "
            "now: lower it from 88",
        ])
        self.assertIn("5 problem(s) in 6 files", err)

    def test_compliant_files_pass_silently(self):
        with tempfile.TemporaryDirectory() as d:
            shutil.copy(os.path.join(FIXTURES, "compliant.hpp"), d)
            write_long_fixture(d, "compliant.cpp")
            write(d, "structure-allowlist.txt", "# nothing\n")
            self.assertEqual(check("--root", d), (0, [], ""))

    def test_prints_the_offenders_as_an_allowlist(self):
        code, out, _ = check("--root", fixture_folder(self), "--print-allowlist")
        self.assertEqual(code, 0)
        self.assertEqual(out, [
            "function allowlisted.cpp grown 90",
            "function allowlisted.cpp kept 84",
            "function allowlisted.cpp shrunk 82",
            "function too_long.cpp too_long 90",
            "function too_long.cpp widget::draw 81",
        ])


class file_limit(unittest.TestCase):
    def test_a_file_over_500_lines_fails_unless_listed(self):
        with tempfile.TemporaryDirectory() as d:
            write(d, "long.hpp", "#pragma once\n\n// Long.\n" + "int x;\n" * 498)
            write(d, "structure-allowlist.txt", "")
            self.assertEqual(check("--root", d)[:2],
                             (1, ["long.hpp:1: file is 501 lines (limit 500)"]))
            write(d, "structure-allowlist.txt", "file long.hpp 501\n")
            self.assertEqual(check("--root", d), (0, [], ""))
            write(d, "structure-allowlist.txt", "file long.hpp 500\n")
            self.assertEqual(check("--root", d)[:2], (1, [
                "long.hpp:1: file is 501 lines, grew past the 500 of its allowlist "
                "entry (limit 500)"]))


class usage(unittest.TestCase):
    def test_bad_usage_exits_2(self):
        self.assertEqual(check("--no-such-option")[0], 2)
        code, _, err = check("--root", os.path.join(FIXTURES, "no-such-folder"))
        self.assertEqual(code, 2)
        self.assertIn("not a folder", err)
        with tempfile.TemporaryDirectory() as d:
            write(d, "structure-allowlist.txt", "function only-a-path\n")
            code, _, err = check("--root", d)
            self.assertEqual(code, 2)
            self.assertIn("structure-allowlist.txt:1: expected", err)
            code, _, err = check("--root", d, "--allowlist", os.path.join(d, "missing.txt"))
            self.assertEqual(code, 2)
            self.assertIn("cannot read", err)


if __name__ == "__main__":
    unittest.main()
