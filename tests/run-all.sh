#!/usr/bin/env bash
# Runs every test of girlb: builds the NativeAOT binary, then the unit tests and the integration
# tests (real apache2, ocf-tester). On a fresh Debian 12 or EL9 machine, as root, it first installs
# what the tests need. Ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ "$(id -u)" = 0 ]; then
  bash tests/install-deps.sh || { echo "installing test dependencies failed"; echo "0 passed, 1 failed"; exit 1; }
fi

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

echo "== build: dotnet publish (NativeAOT) -> artifacts/giragent"
if ! dotnet publish src/GirAgent.Cli -c Release -nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
export GIRAGENT_BIN="$root/artifacts/giragent"

# the code style (.editorconfig) is a check like the tests: one more passed or failed
echo "== format: dotnet format whitespace --verify-no-changes"
format_failed=0
if ! dotnet format whitespace GirAgent.sln --verify-no-changes -v quiet; then
  format_failed=1
  echo "FAILED format: the code does not follow .editorconfig; 'dotnet format whitespace GirAgent.sln' fixes it"
fi

# the architecture is a check too: no namespace cycle, no source file over 450 lines, docs/architecture.md's arrows the code's
echo "== architecture: tests/tools/arch-graph.py --check"
arch_failed=0
if ! python3 tests/tools/arch-graph.py . --check; then
  arch_failed=1
fi

status=0
for project in tests/GirAgent.Tests tests/GirAgent.IntegrationTests; do
  name=$(basename "$project")
  echo "== test: $name"
  dotnet test "$project" -c Release -nologo -v quiet \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=1
done

passed=$((2 - format_failed - arch_failed)); failed=$((format_failed + arch_failed))
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi  # a run that crashed before reporting
if [ "$failed" != 0 ]; then
  # CI keeps only the end of the output: name each failed test and its message just above the summary
  python3 "$root/tests/trx-failures.py" "$results"/*.trx || true
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
