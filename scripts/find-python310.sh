#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter for Rasa 3.6.21, or explains what is missing.
set -eu
for candidate in "${RASA_PYTHON:-}" "$(command -v python3.10 2>/dev/null || true)"; do
  if [ -n "$candidate" ] && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    echo "$candidate"; exit 0
  fi
done
if command -v pyenv >/dev/null 2>&1; then
  for candidate in "$(pyenv root)"/versions/3.10.*/bin/python3.10; do
    if [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
  done
fi
echo "error: Rasa 3.6.21 needs Python 3.10, and none was found." >&2
echo "       Install it (for example 'pyenv install 3.10') or set RASA_PYTHON=/path/to/python3.10." >&2
exit 1
