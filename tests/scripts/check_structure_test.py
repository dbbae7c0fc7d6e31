#!/usr/bin/env python3
# Tests of scripts/check-structure.py: its output and exit code on the
# fixtures in tests/scripts/structure/, on a long file, and on bad usage.
# A fixture named NAME.in is written out as NAME with each `@steps N@` line
# expanded into N statements, so the long functions are not kept as
# repeated lines.

import os
import re
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


def expand_steps(text):
    return re.sub(r"^( *)@steps (\d+)@$",
                  lambda m: "\n".join("%sx += %d;" % (m.group(1), k)
                                      for k in range(int(m.group(2)))),
                  text, flags=re.M)


def copy_fixtures(folder, names=None):
    """Writes the fixtures (all, or those named) into `folder`, expanded."""
    for entry in sorted(os.listdir(FIXTURES)):
        name = entry[:-3] if entry.endswith(".in") else entry
        if names is not None and name not in names:
            continue
        with open(os.path.join(FIXTURES, entry), encoding="utf-8") as f:
            text = f.read()
        write(folder, name, expand_steps(text) if entry.endswith(".in") else text)


class fixtures(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        copy_fixtures(self.root)

    def tearDown(self):
        self.tmp.cleanup()

    def test_reports_each_problem_on_one_line(self):
        allowlist = os.path.join(self.root, "structure-allowlist.txt")
        code, out, err = check("--root", self.root, "--allowlist", allowlist)
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
            copy_fixtures(d, ("compliant.hpp", "compliant.cpp"))
            write(d, "structure-allowlist.txt", "# nothing\n")
            self.assertEqual(check("--root", d), (0, [], ""))

    def test_prints_the_offenders_as_an_allowlist(self):
        code, out, _ = check("--root", self.root, "--print-allowlist")
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
