#!/usr/bin/env python3
"""Checks the test environment against Tests/requirements.txt: every pin installed at its version, every
`# import MODULE` importable. Exit 0 when all hold; otherwise lists what is wrong and how to fix it.

usage: check-python-env.py REQUIREMENTS
"""
import importlib
import importlib.metadata
import re
import sys


def pins(path):
    """(distribution, version, modules to import) for every `name==version` line."""
    for line in open(path, encoding="utf-8"):
        requirement, _, comment = line.partition("#")
        match = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)==(\S+)\s*", requirement)
        if match:
            modules = re.findall(r"\bimport\s+([A-Za-z_][A-Za-z0-9_.]*)", comment)
            yield match.group(1), match.group(2), modules


def main():
    problems = []
    for name, version, modules in pins(sys.argv[1]):
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            problems.append(f"{name}=={version} is not installed")
            continue
        # A pin without a local label (+cpu) accepts any local build of that version, as pip does.
        if installed != version and installed.split("+")[0] != version:
            problems.append(f"{name} is {installed}, the pin is {version}")
        for module in modules:
            try:
                importlib.import_module(module)
            except Exception as error:  # an import can fail with more than ImportError (a broken binary)
                problems.append(f"`import {module}` fails: {error}")
    for problem in problems:
        print(f"python environment {sys.prefix}: {problem}", file=sys.stderr)
    if problems:
        print("HINT: run ./scripts/setup.sh --test (it rebuilds .venv from Tests/requirements.txt)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
