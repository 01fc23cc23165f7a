#!/usr/bin/env bash
# Builds girlb's binary RPM from this repository: artifacts/rpm/girlb-VERSION-RELEASE.x86_64.rpm.
#
#   packaging/rpm/build-rpm.sh [--lint] [--release N] [-- RPMBUILD-ARGS...]
#
# Builds the binary first (dotnet publish src/GirAgent.Cli -c Release) when artifacts/giragent is
# missing and GIRAGENT_BIN names no other one. --lint then runs rpmlint on the spec and the
# package with girlb's settings (packaging/rpm/rpmlint.toml, girlb.rpmlintrc) and fails on any
# finding. Anything after -- goes to rpmbuild (e.g. --define 'girlb_url https://...').
# Works with Debian's rpm (apt-get install rpm rpmlint) and on EL9 (dnf install rpm-build rpmlint).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"

lint=0
release=
while [ $# -gt 0 ]; do
  case "$1" in
    --lint) lint=1 ;;
    --release) release=$2; shift ;;
    --) shift; break ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-rpm.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

bin=${GIRAGENT_BIN:-$repo/artifacts/giragent}
if [ ! -x "$bin" ]; then
  echo "== no $bin: dotnet publish src/GirAgent.Cli -c Release"
  dotnet publish src/GirAgent.Cli -c Release -nologo
fi

out=$repo/artifacts/rpm
top=$(mktemp -d "${TMPDIR:-/tmp}/girlb-rpmbuild.XXXXXX")
trap 'rm -rf "$top"' EXIT
args=(--define "_topdir $top" --define "_tmppath $top" --define "girlb_srcdir $repo" --define "girlb_binary $bin")
[ -n "$release" ] && args+=(--define "girlb_release $release")

echo "== rpmbuild -bb girlb.spec"
rpmbuild -bb girlb.spec "${args[@]}" "$@" >"$top/rpmbuild.log" 2>&1 || { cat "$top/rpmbuild.log" >&2; exit 1; }
mkdir -p "$out"
for rpm in "$top"/RPMS/*/*.rpm; do
  cp "$rpm" "$out/"
  echo "wrote artifacts/rpm/$(basename "$rpm")"
done

if [ "$lint" = 1 ]; then
  echo "== rpmlint"
  rpmlint -c packaging/rpm/rpmlint.toml -r packaging/rpm/girlb.rpmlintrc girlb.spec "$top"/RPMS/*/*.rpm
fi
