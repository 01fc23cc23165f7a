#!/bin/bash
# Regenerates the pacemaker-gen fixtures: the CIB files of ../pacemaker-cts (Pacemaker's own
# cts/cli inputs) rendered by the real crm_mon 2.1.5 with every section turned on, in both XML
# formats, plus one CIB made here with crm_simulate: input-crm_mon.xml after a 60 s monitor of
# `dummy` on cluster02 returned 190 (OCF_DEGRADED).
#
#   <name>.full.2x.xml      TZ=UTC LC_ALL=C CIB_file=<cib> crm_mon -1 --output-as=xml -r -f -A -o --include=all
#   <name>.full.legacy.xml  the same with --as-xml (the <crm_mon> envelope; pcs status xml reads this one)
#   crm_mon.bynode.2x.xml   input-crm_mon.xml with -n (--group-by-node): active resources under <node>
#   dummy-degraded.cib.xml  crm_simulate -x input-crm_mon.xml -S -i dummy_monitor_60000@cluster02=190 -O ...
#
# Needs pacemaker-cli-utils (crm_mon, crm_simulate). The tests never run this; they read its output.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cts=$here/../pacemaker-cts
export TZ=UTC LC_ALL=C

crm_simulate -x "$cts/input-crm_mon.xml" -S -i 'dummy_monitor_60000@cluster02=190' \
  -O "$here/dummy-degraded.cib.xml" >/dev/null

render() { # name cib
  local name=$1 cib=$2
  CIB_file=$cib crm_mon -1 --output-as=xml -r -f -A -o --include=all > "$here/$name.full.2x.xml"
  CIB_file=$cib crm_mon -1 --as-xml -r -f -A -o --include=all > "$here/$name.full.legacy.xml"
}

render crm_mon "$cts/input-crm_mon.xml"
render crm_mon-T180 "$cts/input-crm_mon-T180.xml"
render crm_mon-feature_set "$cts/input-crm_mon-feature_set.xml"
render crm_mon-partial "$cts/input-crm_mon-partial.xml"
render crm_mon-unmanaged "$cts/input-crm_mon-unmanaged.xml"
render after-dummy-monfail "$cts/after-dummy-monfail.cib.xml"
render after-nodefail "$cts/after-nodefail-cluster02.cib.xml"
render dummy-degraded "$here/dummy-degraded.cib.xml"
CIB_file=$cts/input-crm_mon.xml crm_mon -1 --output-as=xml -n -r > "$here/crm_mon.bynode.2x.xml"
echo "generate.sh: wrote $(ls "$here"/*.xml | wc -l) files to $here"
