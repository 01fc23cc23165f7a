#!/usr/bin/env bash
# Tests girlb's RPM (girlb.spec) end to end, as root, on Debian's rpm or EL9's:
#  - builds it with rpmbuild into a temporary _topdir, from the repository, with the prebuilt
#    binary (GIRAGENT_BIN, else artifacts/giragent);
#  - checks its name, file list, modes, owners and link targets, config files (noreplace), %doc
#    and %license, Requires, the scriptlets (EL9's systemd macros, byte for byte), rpmlint;
#  - installs it into a scratch root (rpm -i --root --nodeps --noscripts) and runs what was
#    installed: giragent --version, both agents' meta-data through their links, the alert agent,
#    the default settings (giragent daemon --check-config), the man pages against --help and
#    meta-data, and ocf-tester against the installed webserver agent with a throwaway httpd on
#    127.0.0.1;
#  - the upgrade path: releases 1, 2 and 3 (3 with a changed default giragent.json) installed over
#    one another in a scratch root whose /bin/sh runs the scriptlets for real and whose
#    systemd-update-helper only records its calls: edited config files are kept (.rpmnew when the
#    default changed), the scriptlets ask systemd to restart giragent.service after an upgrade and
#    never name httpd; then removal.
# Prints "ok - ..." / "not ok - ..." lines and ends with "N passed, N failed"; exit 0 when none
# failed. Removes everything it made (temporary directories, the httpd it started).
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bin=${GIRAGENT_BIN:-$repo/artifacts/giragent}

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
nok() { fail=$((fail + 1)); echo "not ok - $*"; }
# check DESCRIPTION COMMAND...: passes when COMMAND succeeds; shows its output when not
check() {
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
  echo "test-rpm.sh: run as root (rpm --root, httpd)"
  echo "0 passed, 1 failed"
  exit 1
fi

# rpm, rpmbuild, rpmlint, cpio when missing (Debian: the rpm package; EL9: rpm-build)
missing=
for tool in rpmbuild rpm2cpio cpio rpmlint groff; do command -v "$tool" >/dev/null 2>&1 || missing=1; done
if [ -n "$missing" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rpm rpmlint cpio groff-base >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rpm rpmlint cpio groff-base >/dev/null 2>&1; }
  elif command -v dnf >/dev/null 2>&1; then
    dnf install -y -q rpm-build rpmlint cpio groff-base >/dev/null 2>&1
  fi
fi
for tool in rpmbuild rpm rpm2cpio cpio rpmlint python3 xmllint ocf-tester groff; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "test-rpm.sh: $tool is missing (tests/install-deps.sh; apt-get install rpm rpmlint cpio groff)"
    echo "0 passed, 1 failed"
    exit 1
  fi
done
if [ ! -x "$bin" ]; then
  echo "test-rpm.sh: no giragent binary at $bin: dotnet publish src/GirAgent.Cli -c Release"
  echo "0 passed, 1 failed"
  exit 1
fi
httpd_bin=/usr/sbin/apache2
[ -x "$httpd_bin" ] || httpd_bin=/usr/sbin/httpd

work=$(mktemp -d /tmp/girlb-rpmtest.XXXXXX)
chmod 0755 "$work"
cleanup() {
  # the httpd ocf-tester may have left behind (only ours: its configuration names $work)
  local pid
  for pid in $(pgrep -f -- "$work/httpd/httpd.conf" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

ver=$("$bin" --version | awk '{ print $2 }')
echo "# giragent $ver ($bin), work directory $work"

# ---------------------------------------------------------------------------------------------
# build: release 1 the way the README says (from the top level, defaults); 2 the same with
# --define; 3 from a copy of the repository whose default giragent.json differs
build() { # NAME RELEASE SPEC [rpmbuild args...]
  local name=$1 release=$2 spec=$3
  shift 3
  mkdir -p "$work/$name/tmp"
  if rpmbuild -bb "$spec" --define "_topdir $work/$name" --define "_tmppath $work/$name/tmp" --define "girlb_release $release" "$@" >"$work/$name/rpmbuild.log" 2>&1; then
    ls "$work/$name"/RPMS/*/*.rpm
  else
    sed 's/^/    /' "$work/$name/rpmbuild.log" | tail -n 40 >&2
    return 1
  fi
}
binargs=()
[ "$bin" != "$repo/artifacts/giragent" ] && binargs=(--define "girlb_binary $bin")

cd "$repo" || exit 1
started=$SECONDS
rpm1=$(build r1 1 girlb.spec "${binargs[@]}") && ok "rpmbuild -bb girlb.spec (release 1, $((SECONDS - started)) s)" || { nok "rpmbuild -bb girlb.spec (release 1)"; finish; }
rpm2=$(build r2 2 girlb.spec --define "girlb_srcdir $repo" --define "girlb_binary $bin") && ok "rpmbuild release 2" || nok "rpmbuild release 2"

src3=$work/src3
mkdir -p "$src3/packaging"
cp -a girlb.spec Directory.Build.props README.md LICENSE docs ocf "$src3/"
cp -a packaging/systemd packaging/prometheus packaging/grafana packaging/man packaging/giragent.json packaging/tenants.sample.* "$src3/packaging/"
python3 - "$src3/packaging/giragent.json" <<'EOF'
import json, sys
path = sys.argv[1]
settings = json.load(open(path))
settings["PollIntervalSeconds"] = settings["PollIntervalSeconds"] * 2
json.dump(settings, open(path, "w"), indent=2)
open(path, "a").write("\n")
EOF
rpm3=$( (cd "$work" && build r3 3 "$src3/girlb.spec" --define "girlb_srcdir $src3" --define "girlb_binary $bin") ) && ok "rpmbuild release 3 (from a copy, girlb_srcdir, changed default giragent.json)" || nok "rpmbuild release 3"

# ---------------------------------------------------------------------------------------------
# the package's metadata
check "file name girlb-$ver-1.el9.x86_64.rpm" test "$(basename "$rpm1")" = "girlb-$ver-1.el9.x86_64.rpm"
check "Version is what giragent --version says ($ver), Release 1.el9, Arch x86_64, License MIT" \
  test "$(rpm -qp --qf '%{NAME} %{VERSION} %{RELEASE} %{ARCH} %{LICENSE}' "$rpm1")" = "girlb $ver 1.el9 x86_64 MIT"

echo "# rpm -qlvp"
rpm -qlvp "$rpm1" | sed 's/^/#   /'

expected_files() {
  cat <<EOF
drwxr-xr-x root:root /etc/giragent
-rw-r--r-- root:root /etc/giragent/giragent.json
drwxr-xr-x root:root /etc/girlb
-rw-r--r-- root:root /etc/sysconfig/giragent
drwxr-xr-x root:root /usr/lib/ocf/resource.d/gir
lrwxrwxrwx root:root /usr/lib/ocf/resource.d/gir/vip -> ../../../../sbin/giragent
lrwxrwxrwx root:root /usr/lib/ocf/resource.d/gir/webserver -> ../../../../sbin/giragent
-rw-r--r-- root:root /usr/lib/systemd/system/giragent.service
drwxr-xr-x root:root /usr/libexec/girlb
lrwxrwxrwx root:root /usr/libexec/girlb/alert-agent -> ../../sbin/giragent
-rwxr-xr-x root:root /usr/sbin/giragent
drwxr-xr-x root:root /usr/share/doc/girlb
-rw-r--r-- root:root /usr/share/doc/girlb/README.md
drwxr-xr-x root:root /usr/share/girlb
drwxr-xr-x root:root /usr/share/girlb/grafana
-rw-r--r-- root:root /usr/share/girlb/grafana/girlb-dashboard.json
drwxr-xr-x root:root /usr/share/girlb/prometheus
-rw-r--r-- root:root /usr/share/girlb/prometheus/girlb-rules.yml
drwxr-xr-x root:root /usr/share/licenses/girlb
-rw-r--r-- root:root /usr/share/licenses/girlb/LICENSE
-rw-r--r-- root:root /usr/share/man/man7/ocf_gir_vip.7.gz
-rw-r--r-- root:root /usr/share/man/man7/ocf_gir_webserver.7.gz
-rw-r--r-- root:root /usr/share/man/man8/giragent.8.gz
EOF
  local f
  for f in docs/*.md; do echo "-rw-r--r-- root:root /usr/share/doc/girlb/$(basename "$f")"; done
  for f in packaging/tenants.sample.*; do echo "-rw-r--r-- root:root /usr/share/girlb/$(basename "$f")"; done
}
actual_files() {
  rpm -qp --qf '[%{FILEMODES:perms} %{FILEUSERNAME}:%{FILEGROUPNAME} %{FILENAMES} -> %{FILELINKTOS}\n]' "$1" | sed 's/ -> $//'
}
check "file list, modes, owners and link targets are exactly as expected" \
  diff -u <(expected_files | sort) <(actual_files "$rpm1" | sort)
check "no debuginfo, no /usr/lib/.build-id links" bash -c "! rpm -qlp '$rpm1' | grep -E '/usr/lib/(debug|\.build-id)'"
check "config files are /etc/giragent/giragent.json and /etc/sysconfig/giragent (rpm -qcp)" \
  diff -u <(printf '%s\n' /etc/giragent/giragent.json /etc/sysconfig/giragent) <(rpm -qcp "$rpm1" | sort)
check "both config files are %config(noreplace)" \
  bash -c "rpm -qp --qf '[%{FILEFLAGS:fflags} %{FILENAMES}\n]' '$rpm1' | grep -E ' /etc/(giragent/giragent.json|sysconfig/giragent)\$' | awk '\$1 !~ /c/ || \$1 !~ /n/ { print; bad = 1 } END { exit bad }'"
check "README and docs are %doc, LICENSE is %license" \
  bash -c "rpm -qp --qf '[%{FILEFLAGS:fflags} %{FILENAMES}\n]' '$rpm1' | awk '
    \$2 ~ /^\/usr\/share\/doc\/girlb\/./ && \$1 !~ /d/ { print; bad = 1 }
    \$2 == \"/usr/share/licenses/girlb/LICENSE\" { lic = (\$1 ~ /l/) }
    END { exit bad || !lic }'"

explicit_requires() { # what the spec asks for: all but rpmlib, the interpreter and rpm's own ELF dependencies
  rpm -qpR "$1" | grep -Ev '^(rpmlib\(|/bin/sh$|config\(girlb\)|(libc|libm|ld-linux-x86-64)\.so\.[0-9]+\()' | sort -u
}
check "Requires pacemaker, httpd, glibc >= 2.34 and nothing else (but rpm's ELF dependencies)" \
  diff -u <(printf '%s\n' 'glibc >= 2.34' httpd pacemaker) <(explicit_requires "$rpm1")
check "the binary needs no glibc newer than 2.34 (rpm's ELF dependencies)" \
  bash -c "[ \"\$(rpm -qpR '$rpm1' | sed -n 's/.*(GLIBC_\([0-9.]*\)).*/\1/p' | sort -V | tail -n 1)\" = 2.34 ]"
check "ordered after systemd for post, preun and postun (%systemd_ordering), requires no systemd" \
  diff -u <(printf '%s\n' 'systemd post' 'systemd preun' 'systemd postun') <(rpm -qp --qf '[%{ORDERNAME} %{ORDERFLAGS:deptype}\n]' "$rpm1")

# ---------------------------------------------------------------------------------------------
# scriptlets: EL9's systemd-rpm-macros expansions, nothing else
echo "# rpm -qp --scripts"
rpm -qp --scripts "$rpm1" | sed 's/^/#   /'
scriptlet() { # TAG: the scriptlet's lines, trailing blanks and empty lines dropped
  { rpm -qp --qf "%{$1}" "$2"; echo; } | sed 's/[[:space:]]*$//' | sed '/^$/d'
}
helper=/usr/lib/systemd/systemd-update-helper
check "%post is %systemd_post giragent.service, as on EL9" diff -u - <(scriptlet POSTIN "$rpm1") <<EOF
if [ \$1 -eq 1 ] && [ -x "$helper" ]; then
    # Initial installation
    $helper install-system-units giragent.service || :
fi
EOF
check "%preun is %systemd_preun giragent.service, as on EL9" diff -u - <(scriptlet PREUN "$rpm1") <<EOF
if [ \$1 -eq 0 ] && [ -x "$helper" ]; then
    # Package removal, not upgrade
    $helper remove-system-units giragent.service || :
fi
EOF
check "%postun is %systemd_postun_with_restart giragent.service, as on EL9" diff -u - <(scriptlet POSTUN "$rpm1") <<EOF
if [ \$1 -ge 1 ] && [ -x "$helper" ]; then
    # Package upgrade, not uninstall
    $helper mark-restart-system-units giragent.service || :
fi
EOF
check "no other scriptlet or trigger (%pre, %pretrans, %posttrans, triggers)" \
  test "$(rpm -qp --qf '%{PREIN}|%{PRETRANS}|%{POSTTRANS}|%{TRIGGERNAME}' "$rpm1")|$(rpm -qp --filetriggers "$rpm1")" = "(none)|(none)|(none)|(none)|"
check "no scriptlet names httpd or apache" bash -c "! rpm -qp --scripts '$rpm1' | grep -Ei 'httpd|apache'"

# ---------------------------------------------------------------------------------------------
# rpmlint: with girlb's settings, nothing; without them, the generic defaults' findings (logged).
# rpmlint.toml and girlb.rpmlintrc are rpmlint 2's formats (Debian 12 has 2.4; an rpmlint 1.x reads
# neither)
lint_version=$(rpmlint --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -n 1)
if [ "${lint_version%%.*}" != 2 ]; then
  echo "# rpmlint $lint_version is not rpmlint 2: its checks are skipped"
elif rpmlint -c packaging/rpm/rpmlint.toml -r packaging/rpm/girlb.rpmlintrc girlb.spec "$rpm1" >"$work/rpmlint.out" 2>&1 &&
  grep -q ' 0 errors, 0 warnings' "$work/rpmlint.out"; then
  ok "rpmlint (packaging/rpm/rpmlint.toml, girlb.rpmlintrc): 0 errors, 0 warnings"
else
  nok "rpmlint (packaging/rpm/rpmlint.toml, girlb.rpmlintrc)"
  sed 's/^/    /' "$work/rpmlint.out"
fi
if [ "${lint_version%%.*}" = 2 ]; then
  rpmlint "$rpm1" >"$work/rpmlint-plain.out" 2>&1
  echo "# rpmlint with its generic defaults only:"
  grep -E ': [EW]: |checked;' "$work/rpmlint-plain.out" | sed 's/^/#   /'
  check "rpmlint without girlb's settings: the only error is no-signature (rpmbuild does not sign)" \
    bash -c "! grep -E ': E: ' '$work/rpmlint-plain.out' | grep -v ': E: no-signature'"
fi

# ---------------------------------------------------------------------------------------------
# installed into a scratch root, without scripts: the files work where rpm put them
root=$work/root
rpm --root "$root" --initdb
check "rpm -i --root DIR --nodeps --noscripts" rpm -i --root "$root" --nodeps --noscripts "$rpm1"
check "rpm -q --root DIR girlb" test "$(rpm -q --root "$root" girlb)" = "girlb-$ver-1.el9.x86_64"
check "rpm -V --root DIR girlb: files as packaged" rpm -V --root "$root" --nodeps --noscripts girlb
check "the installed binary is the one given, byte for byte (not stripped again)" cmp "$bin" "$root/usr/sbin/giragent"
check "installed giragent --version says giragent $ver" test "$("$root/usr/sbin/giragent" --version)" = "giragent $ver"

meta_data() { # AGENT: meta-data through the installed link, checked
  local out=$work/meta-$1.xml
  "$root/usr/lib/ocf/resource.d/gir/$1" meta-data >"$out" || return 1
  xmllint --noout "$out" || return 1
  grep -q "<resource-agent name=\"$1\"" "$out" || { echo "not the $1 agent"; head -n 5 "$out"; return 1; }
  # the link and the explicit form are the same agent
  diff -u "$out" <("$root/usr/sbin/giragent" ocf "$1" meta-data)
}
check "installed /usr/lib/ocf/resource.d/gir/webserver meta-data: the webserver agent's XML" meta_data webserver
check "installed /usr/lib/ocf/resource.d/gir/vip meta-data: the vip agent's XML" meta_data vip
check "installed /usr/libexec/girlb/alert-agent is the alert agent: no daemon, a word on stderr, exit 0" \
  bash -c "out=\$(env -i GIRAGENT_SOCKET='$work/no-daemon.sock' CRM_alert_kind=node '$root/usr/libexec/girlb/alert-agent' 2>&1); rc=\$?; echo \"\$out\"; [ \$rc = 0 ] && grep -q 'alert agent' <<<\"\$out\""

# the default settings: valid, every key of DaemonOptions, the daemon's own defaults
json=$root/etc/giragent/giragent.json
check "giragent.json is JSON (python3 -m json.tool)" python3 -m json.tool "$json"
check "giragent daemon --check-config --config /etc/giragent/giragent.json: valid" \
  "$root/usr/sbin/giragent" daemon --check-config --config "$json"
echo '{}' >"$work/empty.json"
check "giragent.json says what the daemon does without it (--check-config output matches {})" \
  diff -u <("$root/usr/sbin/giragent" daemon --check-config --config "$work/empty.json" | tail -n +2) \
  <("$root/usr/sbin/giragent" daemon --check-config --config "$json" | tail -n +2)
check "giragent.json has every setting of src/GirAgent.Daemon/DaemonOptions.cs, and only those" \
  diff -u <(sed -n 's/^ *public [A-Za-z?<>]* \([A-Za-z0-9]*\) { get; set; }.*/\1/p' src/GirAgent.Daemon/DaemonOptions.cs | sort) \
  <(python3 -c 'import json, sys; print("\n".join(sorted(json.load(open(sys.argv[1])))))' "$json")

# the unit names files the package has
unit=$root/usr/lib/systemd/system/giragent.service
check "giragent.service: ExecStart, EnvironmentFile and Documentation are files of the package" \
  bash -c "
    exe=\$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' '$unit'); env=\$(sed -n 's/^EnvironmentFile=-\{0,1\}//p' '$unit')
    docs=\$(sed -n 's/^Documentation=//p' '$unit' | tr ' ' '\n' | sed -n 's|^file://||p')
    for f in \$exe \$env \$docs; do [ -e '$root'\"\$f\" ] || { echo \"\$f is not in the package\"; exit 1; }; done
    [ \"\$exe\" = /usr/sbin/giragent ] && [ \"\$env\" = /etc/sysconfig/giragent ] && [ -n \"\$docs\" ]"
check "giragent.service runs as hacluster:haclient (Pacemaker's user, created by pacemaker)" \
  bash -c "grep -qx 'User=hacluster' '$unit' && grep -qx 'Group=haclient' '$unit'"
check "the Grafana dashboard is JSON" python3 -m json.tool "$root/usr/share/girlb/grafana/girlb-dashboard.json"
if command -v promtool >/dev/null 2>&1; then
  check "promtool check rules on the installed Prometheus rules" promtool check rules "$root/usr/share/girlb/prometheus/girlb-rules.yml"
fi

# ---------------------------------------------------------------------------------------------
# man pages: they render cleanly and cover every option of --help and every agent parameter
man_text() { cat "$work/$(basename "$1" .gz).txt"; } # the page's source, \- as -
for page in man8/giragent.8.gz man7/ocf_gir_webserver.7.gz man7/ocf_gir_vip.7.gz; do
  zcat "$root/usr/share/man/$page" | sed 's/\\-/-/g' >"$work/$(basename "$page" .gz).txt"
done
check "the man pages' .TH name this version (girlb $ver)" \
  bash -c "[ \$(grep -l '^\.TH .* \"girlb $ver\"' '$work'/*.[78].txt | wc -l) = 3 ]"
for page in man8/giragent.8.gz man7/ocf_gir_webserver.7.gz man7/ocf_gir_vip.7.gz; do
  check "$page renders without warnings (groff -man -ww)" \
    bash -c "zcat '$root/usr/share/man/$page' | groff -man -ww -z 2>&1 | tee /dev/stderr | (! grep -q .)"
done
options_of() { # COMMAND...: the long options its --help lists
  "$root/usr/sbin/giragent" "$@" --help | sed -n '/^Options:/,/^$/p' | grep -oE -- '^ +(-[^ ,]+, )?--[a-z0-9-]+' |
    grep -oE -- '--[a-z0-9-]+' | grep -v -- '--help' | sort -u
}
man_covers_options() {
  local missing=0 cmd opt
  for cmd in "status" "daemon" "events" "tenants render" "tenants apply" "tenants import" "tenants check" "members drain" "cluster setup"; do
    # shellcheck disable=SC2086
    for opt in $(options_of $cmd); do
      man_text man8/giragent.8.gz | grep >/dev/null -- "$opt" || { echo "giragent $cmd $opt is not in giragent(8)"; missing=1; }
    done
    man_text man8/giragent.8.gz | grep >/dev/null "^\.SS giragent $cmd" || { echo "no section for giragent $cmd"; missing=1; }
  done
  for cmd in $("$root/usr/sbin/giragent" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p'); do
    man_text man8/giragent.8.gz | grep >/dev/null "^\.SS giragent $cmd" || { echo "command $cmd has no section in giragent(8)"; missing=1; }
  done
  return $missing
}
check "giragent(8) has a section for every command and every option their --help lists" man_covers_options
man_covers_agent() { # AGENT PAGE
  local missing=0 name
  for name in $(xmllint --xpath '//parameter/@name' "$work/meta-$1.xml" | grep -o '"[^"]*"' | tr -d '"'); do
    man_text "$2" | grep -E >/dev/null "^\.B(R)? .*\\b$name\\b" || { echo "parameter $name is not in $2"; missing=1; }
  done
  for name in $(xmllint --xpath '//action/@name' "$work/meta-$1.xml" | grep -o '"[^"]*"' | tr -d '"'); do
    man_text "$2" | sed -n '/^\.SH SUPPORTED ACTIONS/,/^\.SH /p' | grep >/dev/null "^\.B $name\$" || { echo "action $name is not under SUPPORTED ACTIONS in $2"; missing=1; }
  done
  return $missing
}
check "ocf_gir_webserver(7) documents every parameter and action of the meta-data" man_covers_agent webserver man7/ocf_gir_webserver.7.gz
check "ocf_gir_vip(7) documents every parameter and action of the meta-data" man_covers_agent vip man7/ocf_gir_vip.7.gz

# ---------------------------------------------------------------------------------------------
# ocf-tester against the installed webserver agent, with a throwaway httpd on 127.0.0.1
mods=/usr/lib/apache2/modules
[ -d "$mods" ] || mods=/usr/lib64/httpd/modules
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user=www-data
id "$user" >/dev/null 2>&1 || user=apache
h=$work/httpd
mkdir -p "$h/htdocs" "$h/run"
echo '<html><body>girlb rpm test</body></html>' >"$h/htdocs/index.html"
cat >"$h/httpd.conf" <<EOF
ServerRoot $h
ServerName localhost
Listen 127.0.0.1:$port
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule authz_host_module $mods/mod_authz_host.so
LoadModule status_module $mods/mod_status.so
LoadModule dir_module $mods/mod_dir.so
$( [ -f "$mods/mod_unixd.so" ] && echo "LoadModule unixd_module $mods/mod_unixd.so" )
User $user
Group $user
DefaultRuntimeDir $h/run
ErrorLog $h/error.log
DocumentRoot $h/htdocs
DirectoryIndex index.html
ExtendedStatus On
<Location /server-status>
  SetHandler server-status
  Require local
</Location>
EOF
echo "# ocf-tester -n webtest ... $root/usr/lib/ocf/resource.d/gir/webserver (httpd on 127.0.0.1:$port)"
if OCF_ROOT=/usr/lib/ocf timeout 300 ocf-tester -v -n webtest \
  -o "configfile=$h/httpd.conf" -o "httpd=$httpd_bin" -o "envfiles=" -o "pidfile=$h/run/webtest.pid" \
  -o "statusurl=http://127.0.0.1:$port/server-status" \
  "$root/usr/lib/ocf/resource.d/gir/webserver" >"$work/ocf-tester.out" 2>&1 &&
  grep -q 'passed all tests' "$work/ocf-tester.out"; then
  ok "ocf-tester passes the installed webserver agent"
else
  nok "ocf-tester on the installed webserver agent"
  tail -n 60 "$work/ocf-tester.out" | sed 's/^/    /'
  [ -f "$h/error.log" ] && tail -n 20 "$h/error.log" | sed 's/^/    error.log: /'
fi
no_httpd() { ! pgrep -a -f -- "$h/httpd.conf"; }
check "ocf-tester left no httpd running" no_httpd

# ---------------------------------------------------------------------------------------------
# the upgrade path, scriptlets run for real: a scratch root with a /bin/sh (the host's, with its
# libraries) and a systemd-update-helper that records its calls instead of calling systemctl
up=$work/upgrade
mkdir -p "$up/bin" "$up/usr/lib/systemd" "$up/tmp" "$up/dev"
sh_bin=$(readlink -f /bin/sh)
cp "$sh_bin" "$up/bin/sh"
for lib in $(ldd "$sh_bin" | grep -o '/[^ ]*'); do
  mkdir -p "$up$(dirname "$lib")"
  cp -L "$lib" "$up$lib"
done
[ -e "$up/dev/null" ] || mknod -m 0666 "$up/dev/null" c 1 3 2>/dev/null || true
cat >"$up$helper" <<'EOF'
#!/bin/sh
echo "$*" >>/systemd-update-helper.log
EOF
chmod 0755 "$up$helper"
rpm --root "$up" --initdb
calls() { cat "$up/systemd-update-helper.log" 2>/dev/null; : >"$up/systemd-update-helper.log"; }
: >"$up/systemd-update-helper.log"

check "upgrade root: rpm -i release 1 (scriptlets run)" rpm -i --root "$up" --nodeps "$rpm1"
check "install: %post asks for the preset of giragent.service only (systemd-update-helper install-system-units)" \
  test "$(calls)" = "install-system-units giragent.service"

# the operator edits both config files
python3 - "$up/etc/giragent/giragent.json" <<'EOF'
import json, sys
path = sys.argv[1]
settings = json.load(open(path))
settings["Listen"] = "0.0.0.0:9664"
json.dump(settings, open(path, "w"), indent=2)
EOF
echo 'GIRAGENT_FastRecovery=false' >>"$up/etc/sysconfig/giragent"
# and restricts the settings as packaging/rpm/README.md says (group haclient, gid 189 on EL9)
chown 0:189 "$up/etc/giragent/giragent.json"
chmod 0640 "$up/etc/giragent/giragent.json"
edited_json=$(sha256sum <"$up/etc/giragent/giragent.json")
edited_sysconfig=$(sha256sum <"$up/etc/sysconfig/giragent")

check "upgrade to release 2 (same defaults): rpm -U" rpm -U --root "$up" --nodeps "$rpm2"
check "release 2 is installed" test "$(rpm -q --root "$up" girlb)" = "girlb-$ver-2.el9.x86_64"
check "upgrade: the scriptlets mark giragent.service for restart, and nothing else" \
  test "$(calls)" = "mark-restart-system-units giragent.service"
check "upgrade to 2 kept the edited giragent.json and sysconfig, wrote no .rpmnew" \
  bash -c "[ \"\$(sha256sum <'$up/etc/giragent/giragent.json')\" = '$edited_json' ] &&
           [ \"\$(sha256sum <'$up/etc/sysconfig/giragent')\" = '$edited_sysconfig' ] &&
           ! find '$up/etc' -name '*.rpmnew' -o -name '*.rpmsave' | grep ."

check "upgrade to release 3 (changed default giragent.json): rpm -U" rpm -U --root "$up" --nodeps "$rpm3"
check "upgrade: again only giragent.service marked for restart" test "$(calls)" = "mark-restart-system-units giragent.service"
check "upgrade to 3 kept the edited giragent.json, wrote the new default as giragent.json.rpmnew" \
  bash -c "[ \"\$(sha256sum <'$up/etc/giragent/giragent.json')\" = '$edited_json' ] &&
           cmp '$up/etc/giragent/giragent.json.rpmnew' '$src3/packaging/giragent.json'"
check "upgrade to 3 kept the edited sysconfig, no sysconfig .rpmnew (its default did not change)" \
  bash -c "[ \"\$(sha256sum <'$up/etc/sysconfig/giragent')\" = '$edited_sysconfig' ] && [ ! -e '$up/etc/sysconfig/giragent.rpmnew' ]"
check "the edited giragent.json kept its mode and group through both upgrades (0640, gid 189)" \
  test "$(stat -c '%a %g' "$up/etc/giragent/giragent.json")" = "640 189"
check "the kept settings still pass giragent daemon --check-config" \
  "$up/usr/sbin/giragent" daemon --check-config --config "$up/etc/giragent/giragent.json"

check "rpm -e: removal" rpm -e --root "$up" --nodeps girlb
check "removal: %preun stops and disables giragent.service only (remove-system-units)" \
  test "$(calls)" = "remove-system-units giragent.service"
check "removal: the package's files are gone, the edited giragent.json saved as .rpmsave" \
  bash -c "[ ! -e '$up/usr/sbin/giragent' ] && [ ! -e '$up/usr/lib/ocf/resource.d/gir/webserver' ] && [ -f '$up/etc/giragent/giragent.json.rpmsave' ]"

finish
