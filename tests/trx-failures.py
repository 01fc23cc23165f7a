#!/usr/bin/python3
"""Prints each failed test of the given .trx files with the head of its error message, so that the
end of a CI log (all that is kept of it) says what failed. Usage: trx-failures.py FILE.trx..."""
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"

for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        print(f"FAILED to read {path}: {e}")
        continue
    for result in root.iter(NS + "UnitTestResult"):
        if result.get("outcome") != "Failed":
            continue
        message = result.findtext(f"{NS}Output/{NS}ErrorInfo/{NS}Message") or "(no message)"
        lines = message.strip().splitlines()
        print(f"FAILED {result.get('testName')}:")
        for line in lines[:15]:
            print(f"    {line[:300]}")
        if len(lines) > 15:
            print(f"    ... {len(lines) - 15} more lines")
