#!/usr/bin/env bash
# Tests girlb's Debian package (packaging/deb) end to end, as root, on Debian 12 or 13:
#  - builds releases 1, 2 and 3 with packaging/deb/build-deb.sh (3 from a copy of the repository
#    whose default giragent.json differs), from the prebuilt binary (GIRAGENT_BIN, else
#    artifacts/giragent);
#  - checks the package: its name and fields, Depends (exactly what girlb needs), the file list with
#    modes, owners and link targets, the conffiles, the maintainer scripts (never httpd), lintian;
#  - installs, upgrades, removes and purges it with the machine's own dpkg, in a private mount
#    namespace whose /etc, /usr and /var are overlays of the machine's (nothing reaches the real
#    ones) and whose systemctl only records its calls: the unit is not enabled on install, an
#    upgrade restarts the daemon once it is enabled and keeps edited settings (the new default as
#    .dpkg-dist), remove keeps the settings, purge leaves nothing; what was installed runs
#    (giragent --version, both agents' meta-data, the alert agent, the default settings, ocf-tester
#    against the installed webserver agent).
# Prints "ok - ..." / "not ok - ..." lines and ends with "N passed, N failed"; exit 0 when none
# failed. Removes everything it made.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bin=${GIRAGENT_BIN:-$repo/artifacts/giragent}

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
nok() { fail=$((fail + 1)); echo "not ok - $*"; }
check() { # DESCRIPTION COMMAND...: passes when COMMAND succeeds; shows its output when not
  local desc=$1
  shift
  if "$@" >"$work/check.out" 2>&1; then ok "$desc"; else nok "$desc"; sed 's/^/    /' "$work/check.out" | head -n 60; fi
}
finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" = 0 ]
  exit $?
}

if [ "$(id -u)" != 0 ]; then
  echo "test-deb.sh: run as root (dpkg, mount namespaces)"
  echo "0 passed, 1 failed"
  exit 1
fi
for tool in dpkg-buildpackage dh fakeroot lintian unshare python3 ocf-tester; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "test-deb.sh: $tool is missing (tests/install-deps.sh; apt-get install dpkg-dev debhelper fakeroot lintian)"
    echo "0 passed, 1 failed"
    exit 1
  fi
done
if [ ! -x "$bin" ]; then
  echo "test-deb.sh: no giragent binary at $bin: dotnet publish src/GirAgent.Cli -c Release"
  echo "0 passed, 1 failed"
  exit 1
fi

work=$(mktemp -d /tmp/girlb-debtest.XXXXXX)
chmod 0755 "$work"
cleanup() {
  local pid
  for pid in $(pgrep -f -- "$work/" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

ver=$("$bin" --version | awk '{ print $2 }')
echo "# giragent $ver ($bin), work directory $work"

# ---------------------------------------------------------------------------------------------
# build: releases 1 and 2 from the repository, 3 from a copy whose default giragent.json differs
cd "$repo" || exit 1
started=$SECONDS
build() { # SOURCE RELEASE: the .deb's path
  GIRAGENT_BIN=$bin "$1/packaging/deb/build-deb.sh" --release "$2" --out "$work" >"$work/build-$2.log" 2>&1 || { sed 's/^/    /' "$work/build-$2.log" | tail -n 40 >&2; return 1; }
  echo "$work/girlb_${ver}-$2_amd64.deb"
}
deb1=$(build "$repo" 1) && ok "build-deb.sh (release 1, $((SECONDS - started)) s)" || { nok "build-deb.sh (release 1)"; finish; }
deb2=$(build "$repo" 2) && ok "build-deb.sh --release 2" || nok "build-deb.sh --release 2"
src3=$work/src3
mkdir -p "$src3"
cp -a Directory.Build.props README.md LICENSE docs ocf packaging "$src3/"
python3 - "$src3/packaging/giragent.json" <<'PY'
import json, sys
path = sys.argv[1]
settings = json.load(open(path))
settings["PollIntervalSeconds"] = settings["PollIntervalSeconds"] * 2
json.dump(settings, open(path, "w"), indent=2)
open(path, "a").write("\n")
PY
deb3=$(build "$src3" 3) && ok "build-deb.sh --release 3 (from a copy, changed default giragent.json)" || nok "build-deb.sh --release 3"

# ---------------------------------------------------------------------------------------------
# the package
field() { dpkg-deb --field "$deb1" "$1"; }
check "file name girlb_${ver}-1_amd64.deb" test "$(basename "$deb1")" = "girlb_${ver}-1_amd64.deb"
check "Package girlb, Version $ver-1 (what giragent --version says), Architecture amd64" \
  test "$(field Package) $(field Version) $(field Architecture)" = "girlb $ver-1 amd64"
check "Depends: pacemaker, apache2 and the libc6 the binary needs, nothing else" \
  test "$(field Depends)" = "pacemaker, apache2, libc6 (>= 2.34)"

echo "# dpkg-deb --contents"
dpkg-deb --contents "$deb1" | sed 's/^/#   /'
expected_files() {
  cat <<EOL
drwxr-xr-x root/root ./etc/default/
-rw-r--r-- root/root ./etc/default/giragent
drwxr-xr-x root/root ./etc/giragent/
-rw-r--r-- root/root ./etc/giragent/giragent.json
drwxr-xr-x root/root ./etc/girlb/
drwxr-xr-x root/root ./lib/systemd/system/
-rw-r--r-- root/root ./lib/systemd/system/giragent.service
drwxr-xr-x root/root ./usr/lib/ocf/resource.d/gir/
lrwxrwxrwx root/root ./usr/lib/ocf/resource.d/gir/vip -> ../../../../sbin/giragent
lrwxrwxrwx root/root ./usr/lib/ocf/resource.d/gir/webserver -> ../../../../sbin/giragent
drwxr-xr-x root/root ./usr/libexec/girlb/
lrwxrwxrwx root/root ./usr/libexec/girlb/alert-agent -> ../../sbin/giragent
drwxr-xr-x root/root ./usr/sbin/
-rwxr-xr-x root/root ./usr/sbin/giragent
-rw-r--r-- root/root ./usr/share/doc/girlb/README.md
-rw-r--r-- root/root ./usr/share/doc/girlb/changelog.Debian.gz
-rw-r--r-- root/root ./usr/share/doc/girlb/copyright
$(for f in docs/*.md; do echo "-rw-r--r-- root/root ./usr/share/doc/girlb/$(basename "$f")"; done)
drwxr-xr-x root/root ./usr/share/girlb/grafana/
-rw-r--r-- root/root ./usr/share/girlb/grafana/girlb-dashboard.json
drwxr-xr-x root/root ./usr/share/girlb/prometheus/
-rw-r--r-- root/root ./usr/share/girlb/prometheus/girlb-rules.yml
-rw-r--r-- root/root ./usr/share/girlb/tenants.sample.json
drwxr-xr-x root/root ./usr/share/lintian/overrides/
-rw-r--r-- root/root ./usr/share/lintian/overrides/girlb
-rw-r--r-- root/root ./usr/share/man/man7/ocf_gir_vip.7.gz
-rw-r--r-- root/root ./usr/share/man/man7/ocf_gir_webserver.7.gz
-rw-r--r-- root/root ./usr/share/man/man8/giragent.8.gz
EOL
}
# (directories that only hold others, ./usr/ or ./usr/share/man/, are left out of the comparison; the unit
# is where Debian 12's debhelper puts units, /lib/systemd/system, which merged /usr makes /usr/lib's)
actual_files() {
  dpkg-deb --contents "$deb1" | awk '{ line = $1 " " $2; for (i = 6; i <= NF; i++) line = line " " $i; print line }' |
    grep -Ev '^d[^ ]* [^ ]* \./((etc|lib|lib/systemd|usr|usr/lib|usr/lib/ocf|usr/lib/ocf/resource.d|usr/lib/systemd|usr/libexec|usr/share|usr/share/doc|usr/share/doc/girlb|usr/share/girlb|usr/share/lintian|usr/share/man|usr/share/man/man[78])/)?$' | sort
}
check "file list, modes, owners and link targets are exactly as expected" diff -u <(expected_files | sort) <(actual_files)
check "conffiles: /etc/default/giragent and /etc/giragent/giragent.json" \
  diff -u <(printf '/etc/default/giragent\n/etc/giragent/giragent.json\n') <(dpkg-deb --ctrl-tarfile "$deb1" | tar -xO ./conffiles | sort)
unit=$(dpkg-deb --fsys-tarfile "$deb1" | tar -xO ./lib/systemd/system/giragent.service)
check "the unit reads /etc/default/giragent, runs /usr/sbin/giragent daemon as hacluster:haclient" \
  grep -qz 'EnvironmentFile=-/etc/default/giragent.*ExecStart=/usr/sbin/giragent daemon.*User=hacluster.Group=haclient' <<<"$unit"
check "the unit's Documentation= file is in the package, uncompressed" \
  dpkg-deb --contents "$deb1" | grep -q "./usr/share/doc/girlb/$(sed -n 's|^Documentation=file:///usr/share/doc/girlb/||p' <<<"$unit")$"
mkdir -p "$work/control"
dpkg-deb --control "$deb1" "$work/control"
check "no maintainer script names httpd or apache" bash -c "! grep -Eil 'httpd|apache' $work/control/{preinst,postinst,prerm,postrm} 2>/dev/null"
check "postinst does not enable giragent.service (like the RPM: EL9's preset leaves it disabled)" \
  bash -c "grep -q 'deb-systemd-helper debian-installed' $work/control/postinst && ! grep -q '^[[:space:]]*deb-systemd-helper enable' <(sed -n '/was-enabled/,/fi/!p' $work/control/postinst)"
check "lintian: no error, warning or info (every override explained in debian/girlb.lintian-overrides)" \
  lintian --display-info --pedantic --fail-on error,warning,info "$deb1"
check "every lintian override has its reason above it" \
  python3 - packaging/deb/debian/girlb.lintian-overrides <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
bad = [l for i, l in enumerate(lines) if l.startswith("girlb:") and not (lines[i - 1].startswith("#") or lines[i - 1].startswith("girlb:"))]
sys.exit(1 if bad else 0)
PY

# ---------------------------------------------------------------------------------------------
# install, upgrade, remove and purge with the machine's dpkg, in a private mount namespace: /etc,
# /usr and /var are overlays (their writes land in $work/ovl), /run is a fresh tmpfs that says
# systemd runs, and systemctl records its calls (deb-systemd-invoke acts through it)
cat >"$work/in-namespace.sh" <<'NS'
#!/bin/bash
# runs inside the private mount namespace: sets the overlays up, then runs the checks it is given
set -u
work=$1
shift
for d in etc usr var; do
  mkdir -p "$work/ovl/$d-up" "$work/ovl/$d-work"
  mount -t overlay overlay -o "lowerdir=/$d,upperdir=$work/ovl/$d-up,workdir=$work/ovl/$d-work" "/$d" || exit 97
done
mount -t tmpfs tmpfs /run || exit 97
mkdir -p /run/systemd/system /run/lock
rm -f /usr/bin/systemctl
printf '#!/bin/sh\necho "$*" >>%s/systemctl.calls\nexit 0\n' "$work" >/usr/bin/systemctl
chmod 0755 /usr/bin/systemctl
# a machine's own services policy (a container's policy-rc.d forbids every start) is not the package's
rm -f /usr/sbin/policy-rc.d
# a girlb this machine has (a lab's) is not the one under test: gone, inside the namespace only
dpkg -s girlb >/dev/null 2>&1 && dpkg --purge girlb >/dev/null 2>&1
exec "$@"
NS
chmod 0755 "$work/in-namespace.sh"
cat >"$work/lifecycle.sh" <<'LIFE'
#!/bin/bash
# the package's life on a machine, as its operator sees it; prints "ok|not ok - ..." lines
set -u
work=$1 deb1=$2 deb2=$3 deb3=$4 httpd=$5
t() { if "${@:2}" >"$work/t.out" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/    /' "$work/t.out" | head -n 30; fi; }
calls() { cat "$work/systemctl.calls" 2>/dev/null; }
wants=/etc/systemd/system/multi-user.target.wants/giragent.service
export DEBIAN_FRONTEND=noninteractive

t "dpkg -i release 1" dpkg -i "$deb1"
t "installed: /usr/sbin/giragent --version" bash -c "/usr/sbin/giragent --version | grep -q '^giragent '"
for agent in webserver vip; do
  t "installed: /usr/lib/ocf/resource.d/gir/$agent meta-data" bash -c "OCF_ROOT=/usr/lib/ocf /usr/lib/ocf/resource.d/gir/$agent meta-data | grep -q '<resource-agent name=\"$agent\"'"
done
t "installed: the alert agent answers as the alert agent" bash -c "/usr/libexec/girlb/alert-agent 2>&1 | grep -qi 'alert'"
t "installed: the default settings pass giragent daemon --check-config" /usr/sbin/giragent daemon --check-config
t "installed: man -l giragent.8.gz renders" bash -c "man -P cat -l /usr/share/man/man8/giragent.8.gz 2>/dev/null | grep -q 'giragent status'"
port=$(cat "$work/httpd/port")
t "installed: ocf-tester passes the installed webserver agent" bash -c "OCF_ROOT=/usr/lib/ocf timeout 300 ocf-tester -v -n webtest \
  -o configfile=$work/httpd/httpd.conf -o httpd=$httpd -o envfiles= -o pidfile=$work/httpd/run/webtest.pid \
  -o statusurl=http://127.0.0.1:$port/server-status /usr/lib/ocf/resource.d/gir/webserver | tee $work/ocf-tester.out | grep -q 'passed all tests'"
t "ocf-tester left no httpd running" bash -c "! pgrep -a -f -- '$work/[h]ttpd/httpd.conf'"
t "install: giragent.service is not enabled" test ! -e $wants
sed 's/^/# systemctl (install): /' "$work/systemctl.calls" 2>/dev/null
t "install: systemd was not asked to start anything" bash -c "! grep -Eq '(^| )(start|restart)( |$)' $work/systemctl.calls 2>/dev/null"

# the operator edits the settings and enables the daemon; release 2 (same defaults) keeps the edit
python3 - <<'PY'
import json
p = "/etc/giragent/giragent.json"
s = json.load(open(p)); s["Listen"] = "127.0.0.1:19664"; json.dump(s, open(p, "w"), indent=2)
PY
echo 'GIRAGENT_OPTIONS=--verbose-operator-edit' >>/etc/default/giragent
# (what systemctl enable giragent does; this namespace's systemctl only records)
mkdir -p "$(dirname $wants)" && ln -s /lib/systemd/system/giragent.service $wants
: >"$work/systemctl.calls"
t "dpkg -i release 2 over 1" dpkg -i "$deb2"
t "upgrade: the edited giragent.json and /etc/default/giragent are kept" bash -c "grep -q 19664 /etc/giragent/giragent.json && grep -q verbose-operator-edit /etc/default/giragent"
sed 's/^/# systemctl (upgrade): /' "$work/systemctl.calls"
t "upgrade: the daemon is restarted, and nothing else" bash -c "grep -Eq '(^| )restart( .*)? giragent.service' $work/systemctl.calls && ! grep -Ev 'giragent.service|daemon-reload|^is-enabled|^--quiet|^is-active|^--system daemon-reload' $work/systemctl.calls"
t "upgrade: no systemctl call names httpd or apache2" bash -c "! grep -Eiq 'httpd|apache' $work/systemctl.calls"
t "upgrade: giragent.service stays enabled" test -L $wants
t "dpkg -i release 3 (a changed default giragent.json) --force-confold" dpkg --force-confdef --force-confold -i "$deb3"
t "upgrade to 3 kept the edited giragent.json, wrote the new default as giragent.json.dpkg-dist" \
  bash -c "grep -q 19664 /etc/giragent/giragent.json && test -f /etc/giragent/giragent.json.dpkg-dist && ! grep -q 19664 /etc/giragent/giragent.json.dpkg-dist"

# the daemon's state exists by now on a real machine (StateDirectory=giragent)
mkdir -p /var/lib/giragent && echo '{}' >/var/lib/giragent/events.jsonl
: >"$work/systemctl.calls"
t "dpkg -r girlb" dpkg -r girlb
sed 's/^/# systemctl (remove): /' "$work/systemctl.calls"
t "remove: the daemon is stopped" grep -Eq '(^| )stop( .*)? giragent.service' "$work/systemctl.calls"
t "remove: the binary and the agents are gone" bash -c "test ! -e /usr/sbin/giragent && test ! -e /usr/lib/ocf/resource.d/gir/webserver && test ! -e /usr/libexec/girlb/alert-agent"
t "remove: the settings stay" bash -c "grep -q 19664 /etc/giragent/giragent.json && grep -q verbose-operator-edit /etc/default/giragent"
t "dpkg --purge girlb" dpkg --purge girlb
# (what the package's life wrote is in the overlays' upper layers, and only there: the machine's own changes meanwhile,
# another test's files, land in the lower ones; a whiteout, a character device, is a removal)
t "purge: nothing of girlb is left in /etc, /usr, /var (settings, unit links, state, dpkg's records)" \
  bash -c "! find $work/ovl/etc-up $work/ovl/usr-up $work/ovl/var-up \( -type f -o -type l -o -type d \) \( -name '*giragent*' -o -name '*girlb*' \) -print | grep ."
LIFE
chmod 0755 "$work/lifecycle.sh"
# a throwaway httpd on 127.0.0.1 for ocf-tester (outside the overlays: $work is not one of them)
httpd_bin=/usr/sbin/apache2
mods=/usr/lib/apache2/modules
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
h=$work/httpd
mkdir -p "$h/htdocs" "$h/run"
echo "$port" >"$h/port"
echo '<html><body>girlb deb test</body></html>' >"$h/htdocs/index.html"
cat >"$h/httpd.conf" <<EOC
ServerRoot $h
ServerName localhost
Listen 127.0.0.1:$port
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule authz_host_module $mods/mod_authz_host.so
LoadModule status_module $mods/mod_status.so
LoadModule dir_module $mods/mod_dir.so
User www-data
Group www-data
DefaultRuntimeDir $h/run
ErrorLog $h/error.log
DocumentRoot $h/htdocs
DirectoryIndex index.html
ExtendedStatus On
<Location /server-status>
  SetHandler server-status
  Require local
</Location>
EOC
unshare --mount --propagation private "$work/in-namespace.sh" "$work" "$work/lifecycle.sh" "$work" "$deb1" "$deb2" "$deb3" "$httpd_bin" >"$work/lifecycle.out" 2>&1
rc=$?
[ "$rc" = 97 ] && nok "the private namespace's overlays (mount -t overlay on /etc, /usr, /var)"
while IFS= read -r line; do
  case "$line" in
    "ok - "*) pass=$((pass + 1)); echo "$line" ;;
    "not ok - "*) fail=$((fail + 1)); echo "$line" ;;
    *) echo "$line" ;;
  esac
done <"$work/lifecycle.out"
check "nothing reached the machine's own /usr (the overlay kept it)" bash -c "! dpkg -s girlb 2>/dev/null | grep -q '^Version: ${ver}-[23]$'"
finish
