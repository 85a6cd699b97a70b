#!/usr/bin/env bash
# Run one benchmark on two revisions beside each other, in one run, alternating, so that both
# see the same machine: the working tree (or HEAD) against BASE.
#   bash bench/compare.sh BASE import_figures.py --rows 10000 --repeat 3
#   bash bench/compare.sh main~3 dashboards.py --requests 20
# BASE is checked out in a temporary git worktree and run with this project's .venv (its
# bench script puts its own tree first on sys.path). The results go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: bench/compare.sh BASE SCRIPT [ARGS…]}
script=${2:?usage: bench/compare.sh BASE SCRIPT [ARGS…]}
shift 2
py=${PYTHON:-.venv/bin/python}
py="$(cd "$(dirname "$py")" && pwd)/$(basename "$py")"  # absolute, the venv's link kept
here=$PWD
tree=$(mktemp -d)
trap 'git worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"' EXIT
git worktree add --detach --quiet "$tree" "$base"
mkdir -p bench/results
stamp=$(date +%Y%m%d-%H%M%S)
for round in 1 2; do
  echo "=== round $round: $base"
  (cd "$tree" && "$py" "bench/$script" "$@" --json "$here/bench/results/$stamp-base-$round.json")
  echo "=== round $round: working tree"
  "$py" "bench/$script" "$@" --json "bench/results/$stamp-new-$round.json"
done
echo "results: bench/results/$stamp-*.json"
