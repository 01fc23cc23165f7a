#!/usr/bin/env bash
# Builds girlb's Debian package from this repository: artifacts/deb/girlb_VERSION-RELEASE_amd64.deb.
#
#   packaging/deb/build-deb.sh [--lint] [--release N] [--out DIR]
#
# Builds the binary first (dotnet publish src/GirAgent.Cli -c Release) when artifacts/giragent is
# missing and GIRAGENT_BIN names no other one. The package is binary-only: the files it needs
# (the binary, ocf/, packaging/, the docs) are staged with packaging/deb/debian/ in a temporary
# directory and dpkg-buildpackage -b builds it there with debhelper; VERSION is Directory.Build.props'
# <Version>, RELEASE 1 unless --release says; DIR artifacts/deb unless --out says. --lint then runs lintian on the package and fails on
# any finding not overridden (debian/girlb.lintian-overrides says why each override is there).
# Needs dpkg-dev, debhelper, fakeroot, binutils (and lintian for --lint); Debian 12 or 13.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"

lint=0
release=1
out=$repo/artifacts/deb
while [ $# -gt 0 ]; do
  case "$1" in
    --lint) lint=1 ;;
    --release) release=${2:?--release needs a number}; shift ;;
    --out) out=$(mkdir -p "${2:?--out needs a directory}" && cd "$2" && pwd); shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-deb.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$release" in ''|*[!0-9]*) echo "build-deb.sh: --release '$release' is not a number" >&2; exit 2 ;; esac
for tool in dpkg-buildpackage dh fakeroot readelf; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-deb.sh: $tool is missing (apt-get install dpkg-dev debhelper fakeroot binutils)" >&2; exit 1; }
done

bin=${GIRAGENT_BIN:-$repo/artifacts/giragent}
if [ ! -x "$bin" ]; then
  echo "== no $bin: dotnet publish src/GirAgent.Cli -c Release"
  dotnet publish src/GirAgent.Cli -c Release -nologo
fi
if ! LC_ALL=C readelf -h "$bin" | grep -q 'Machine:.*X86-64'; then
  echo "build-deb.sh: $bin is not an x86-64 ELF binary" >&2
  exit 1
fi
version=$(awk -F'[<>]' '/<Version>/ { print $3; exit }' Directory.Build.props)
[ -n "$version" ] || { echo "build-deb.sh: no <Version> in Directory.Build.props" >&2; exit 1; }

top=$(mktemp -d "${TMPDIR:-/tmp}/girlb-debbuild.XXXXXX")
trap 'rm -rf "$top"' EXIT
src=$top/girlb-$version
mkdir -p "$src/docs" "$src/packaging"
cp -p "$bin" "$src/giragent"
cp -a ocf "$src/"
cp -a packaging/systemd packaging/man packaging/prometheus packaging/grafana packaging/giragent.json packaging/tenants.sample.json "$src/packaging/"
cp -p README.md LICENSE "$src/"
cp -p docs/*.md "$src/docs/"
cp -a packaging/deb/debian "$src/"
# the man pages' .TH names this version, as in the RPM
for page in "$src"/packaging/man/*.[78]; do
  sed -i 's/^\(\.TH .* "girlb \)[^"]*"/\1'"$version"'"/' "$page"
done
# the changelog's first entry carries this version and release
sed -i "1s/^girlb ([^)]*)/girlb ($version-$release)/" "$src/debian/changelog"
if [ "$release" != 1 ]; then
  entry="girlb ($version-$release) unstable; urgency=medium\n\n  * Release $release of $version.\n\n -- $(sed -n 's/^ -- \(.*>\)  .*/\1/p' "$src/debian/changelog" | head -n 1)  $(date -R -d @"${SOURCE_DATE_EPOCH:-$(date +%s)}")\n"
  sed -i "1s/^girlb ([^)]*)/girlb ($version-1)/" "$src/debian/changelog"
  { printf '%b\n' "$entry"; cat "$src/debian/changelog"; } >"$src/debian/changelog.new"
  mv "$src/debian/changelog.new" "$src/debian/changelog"
fi

echo "== dpkg-buildpackage -b (girlb $version-$release)"
(cd "$src" && dpkg-buildpackage -b -us -uc -d) >"$top/build.log" 2>&1 || { cat "$top/build.log" >&2; exit 1; }
mkdir -p "$out"
deb=girlb_${version}-${release}_amd64.deb
cp "$top/$deb" "$out/"
echo "wrote $out/$deb"

if [ "$lint" = 1 ]; then
  command -v lintian >/dev/null 2>&1 || { echo "build-deb.sh: lintian is missing (apt-get install lintian)" >&2; exit 1; }
  echo "== lintian"
  # errors, warnings and infos fail the build; pedantic and experimental tags are shown (--fail-on warning)
  lintian --info --display-info --pedantic --fail-on error,warning,info "$out/$deb"
fi
