#!/usr/bin/env bash
# Run the test suite (and ruff) in a throwaway venv against a chosen set of dependency versions:
#
#   scripts/test-deps.sh min    [python] [pytest args...]  # the floors: constraints-min.txt
#   scripts/test-deps.sh latest [python] [pytest args...]  # the newest releases (no pins, --upgrade)
#   scripts/test-deps.sh pinned [python] [pytest args...]  # constraints.txt, as CI runs
#   scripts/test-deps.sh FILE   [python] [pytest args...]  # any other constraints file
#
# python defaults to python3 (e.g. python3.11, python3.13). Prints what was installed, then runs
# pytest under `timeout` (GLUTE_TEST_TIMEOUT seconds, 1800 by default: a hang is a failure).
# The venv is made under $TMPDIR and removed afterwards (KEEP_VENV=1 keeps it).
set -euo pipefail
mode=${1:?usage: scripts/test-deps.sh min|latest|pinned|CONSTRAINTS_FILE [python] [pytest args...]}
python=${2:-python3}
shift $(( $# >= 2 ? 2 : $# ))
cd "$(dirname "$0")/.."
case $mode in
  min) install=(-c constraints-min.txt) ;;
  pinned) install=(-c constraints.txt) ;;
  latest) install=(--upgrade --upgrade-strategy eager) ;;
  *) [ -f "$mode" ] || { echo "test-deps: no such constraints file: $mode" >&2; exit 2; }; install=(-c "$mode") ;;
esac
venv=$(mktemp -d "${TMPDIR:-/tmp}/glute-test-deps.XXXXXX")
[ "${KEEP_VENV:-}" = 1 ] || trap 'rm -rf "$venv"' EXIT
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check "${install[@]}" -e '.[test]'
echo "test-deps: $mode on $("$venv/bin/python" --version)"
"$venv/bin/python" -m pip freeze --exclude-editable | tr '\n' ' '
echo
status=0
timeout "${GLUTE_TEST_TIMEOUT:-1800}" "$venv/bin/python" -m pytest -p no:randomly -p no:cacheprovider "$@" || status=$?
"$venv/bin/ruff" check . || status=$?
exit "$status"
