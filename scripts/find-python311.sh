#!/usr/bin/env bash
# Prints the path of a Python 3.11+ interpreter for the intake API.
set -eu
for candidate in "${INTAKE_PYTHON:-}" python3.11 python3.12 python3.13 python3; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if "$path" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
    echo "$path"; exit 0
  fi
done
echo "error: the intake API needs Python 3.11 or newer, and none was found." >&2
exit 1
