#!/usr/bin/env bash
# Usage: scripts/bench-alternate.sh [--jobs N] [--rounds R] [--work DIR] NAME=GITREF [NAME=GITREF...]
#
# Replay throughput of several builds, compared the way docs/performance.md compares them: on this 2-core machine
# one build's runs differ by 10-15 %, so builds are run in turn, round after round, on the same events, and only
# rows of one session are compared. Each GITREF (a commit, a branch, or "." for this checkout as it is) is built in
# Release (a detached worktree under DIR/builds/NAME, removed at the end; "." in place); the first build simulates
# the day once (kept in DIR/day for the next call); then each round runs `brm bench --jobs N` of every build in turn
# and prints its row after the build's name (the columns are bench's: jobs | events | replay s | events/s | CPU s |
# GC pause s | KB allocated per event | ...). Each run's replay output stays in DIR/runs/NAME/N/out, for
# scripts/compare-replay-outputs.sh.
set -euo pipefail

jobs=100000 rounds=3 work=/tmp/brm-bench-alternate builds=()
while [ $# -gt 0 ]; do
  case $1 in
    --jobs) jobs=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *=*) builds+=("$1"); shift ;;
    *) echo "not NAME=GITREF: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#builds[@]} -gt 0 ] || { echo "name at least one NAME=GITREF (see --help)" >&2; exit 2; }

repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work/builds" "$work/runs"
work=$(cd "$work" && pwd) # the runs start in each build's tree (below)

brm_of() { echo "$1/local/Brm/bin/Release/net10.0/brm.dll"; }
declare -A trees
worktrees=()
# The builds' worktrees go when the script ends, however it ends: git would otherwise keep listing them.
remove_worktrees() { for tree in "${worktrees[@]}"; do git -C "$repo" worktree remove --force "$tree" || true; done; }
trap remove_worktrees EXIT
for build in "${builds[@]}"; do
  name=${build%%=*} ref=${build#*=}
  if [ "$ref" = . ]; then
    tree=$repo
  else
    tree=$work/builds/$name
    rm -rf "$tree"
    git -C "$repo" worktree prune
    git -C "$repo" worktree add --detach --force "$tree" "$ref" >/dev/null
    worktrees+=("$tree")
  fi
  echo "building $name ($ref) in $tree" >&2
  dotnet build "$tree/local/Brm" -c Release -v quiet -nologo >&2
  trees[$name]=$tree
done

# The day, simulated once by the first build (bench caches it in its work folder), shared by every run.
first=${builds[0]%%=*}
events=$work/day/$jobs/events
if [ ! -d "$events" ]; then
  echo "simulating the $jobs-job day once (first build's bench; its row is a warm-up, not printed)" >&2
  (cd "${trees[$first]}" && dotnet "$(brm_of "${trees[$first]}")" bench --jobs "$jobs" --work "$work/day" >/dev/null)
fi

for round in $(seq 1 "$rounds"); do
  for build in "${builds[@]}"; do
    name=${build%%=*} run=$work/runs/${build%%=*}
    mkdir -p "$run/$jobs"
    ln -sfn "$events" "$run/$jobs/events"
    rm -rf "$run/$jobs/out"
    # In the build's own tree: brm runs the template.yaml and statemachines/ above the current folder, so a run
    # started here would replay every build with this checkout's definitions.
    row=$(cd "${trees[$name]}" && dotnet "$(brm_of "${trees[$name]}")" bench --jobs "$jobs" --work "$run" | grep '^| [0-9]')
    echo "$name (round $round) $row"
  done
done
