#!/bin/bash
# Regenerates the pacemaker-live fixtures: crm_mon output of a REAL, running single-node
# Pacemaker 2.1.5 cluster (corosync + pacemakerd) with two more configured nodes that never join
# (fenced at start-up), fence history (successful and failed fencing), a monitor that keeps
# returning 190 (OCF_DEGRADED) with an exit reason, a monitor that failed once (fail count 1),
# a start that failed with OCF_ERR_CONFIGURED, clones (anonymous, unique, promotable, of a
# group), a disabled and an unmanaged resource, bans and node attributes.
#
# Run as root on Debian 12 with pacemaker, corosync, fence-agents and resource-agents installed:
#     tests/GirAgent.Tests/Fixtures/pacemaker-live/generate-live.sh
# Everything runs inside new mount, PID, UTS and network namespaces (unshare), so nothing on the
# host changes: /run, /etc/corosync, /var/lib/pacemaker, /var/log and the OCF agent directory are
# private copies under a temporary directory. Takes about a minute.
# The tests never run this; they read the files it writes.
set -euo pipefail

out=$(cd "$(dirname "$0")" && pwd)
if [[ ${1:-} != --inside ]]; then
  [[ $(id -u) == 0 ]] || { echo "generate-live.sh: must run as root (namespaces, corosync)" >&2; exit 2; }
  for p in corosync pacemakerd crm_mon cibadmin crm_resource crm_attribute attrd_updater stonith_admin; do
    command -v "$p" >/dev/null || { echo "generate-live.sh: $p not found" >&2; exit 2; }
  done
  [[ -x /usr/sbin/fence_dummy ]] || { echo "generate-live.sh: /usr/sbin/fence_dummy not found (fence-agents)" >&2; exit 2; }
  work=$(mktemp -d /tmp/girlb-crmmon-live.XXXXXX)
  trap 'rm -rf "$work"' EXIT
  timeout 300 unshare --mount --pid --net --uts --fork --mount-proc "$0" --inside "$work" "$out"
  exit $?
fi

work=$2
out=$3
export TZ=UTC LC_ALL=C

# ---------------------------------------------------------------- private system directories
mount --make-rprivate /
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mkdir -p /run/crm && chown hacluster:haclient /run/crm
mkdir -p "$work"/{etc-corosync,var-lib-corosync,var-log/pacemaker,var-log/corosync,state}
mkdir -p "$work"/var-lib-pacemaker/{cib,pengine,blackbox,cores}
chown -R hacluster:haclient "$work"/var-lib-pacemaker "$work"/var-log/pacemaker
mount --bind "$work/etc-corosync" /etc/corosync
mount --bind "$work/var-lib-corosync" /var/lib/corosync
mount --bind "$work/var-lib-pacemaker" /var/lib/pacemaker
mount --bind "$work/var-log" /var/log
cp -a /usr/lib/ocf/resource.d "$work/resource.d"
mkdir -p "$work/resource.d/girtest"
mount --bind "$work/resource.d" /usr/lib/ocf/resource.d
hostname node1
ip link set lo up

# ---------------------------------------------------------------- test agents (ocf:girtest:*)
# Common part: start/stop/monitor on a state file; meta-data; $1 is the action.
common='
state=/run/girtest-${OCF_RESOURCE_INSTANCE}.state
meta() { cat <<META
<?xml version="1.0"?>
<resource-agent name="$(basename "$0")" version="1.0">
<version>1.1</version>
<shortdesc lang="en">girlb fixture agent</shortdesc><longdesc lang="en">girlb fixture agent</longdesc>
<parameters/>
<actions><action name="start" timeout="20s"/><action name="stop" timeout="20s"/>
<action name="monitor" timeout="20s" interval="10s"/><action name="meta-data" timeout="5s"/></actions>
</resource-agent>
META
}
running() { [ -e "$state" ]; }
'
cat > "$work/resource.d/girtest/Degraded" <<EOF
#!/bin/sh
$common
case "\$1" in
  meta-data) meta; exit 0 ;;
  start) touch "\$state"; exit 0 ;;
  stop) rm -f "\$state"; exit 0 ;;
  monitor) running || exit 7
           echo "ocf-exit-reason:balancer://t1rws has 1 of 2 members usable" >&2; exit 190 ;;
  *) exit 3 ;;
esac
EOF
cat > "$work/resource.d/girtest/Flaky" <<EOF
#!/bin/sh
$common
case "\$1" in
  meta-data) meta; exit 0 ;;
  start) touch "\$state"; exit 0 ;;
  stop) rm -f "\$state"; exit 0 ;;
  monitor) running || exit 7
           if [ "\${OCF_RESKEY_CRM_meta_interval:-0}" != 0 ] && [ ! -e "\$state.failed-once" ]; then
             touch "\$state.failed-once"; rm -f "\$state"
             echo "ocf-exit-reason:worker process exited" >&2; exit 7
           fi
           exit 0 ;;
  *) exit 3 ;;
esac
EOF
cat > "$work/resource.d/girtest/Broken" <<EOF
#!/bin/sh
$common
case "\$1" in
  meta-data) meta; exit 0 ;;
  start) echo "ocf-exit-reason:Configuration file /etc/broken.conf does not exist" >&2; exit 6 ;;
  stop) rm -f "\$state"; exit 0 ;;
  monitor) running || exit 7; exit 0 ;;
  *) exit 3 ;;
esac
EOF
chmod 755 "$work"/resource.d/girtest/*

# ---------------------------------------------------------------- corosync + pacemaker
cat > /etc/corosync/corosync.conf <<'EOF'
totem {
    version: 2
    cluster_name: girlb-fixture
    transport: knet
    crypto_cipher: none
    crypto_hash: none
    token: 1000
}
nodelist {
    node {
        ring0_addr: 127.0.0.1
        name: node1
        nodeid: 1
    }
}
quorum {
    provider: corosync_votequorum
}
logging {
    to_logfiles: yes
    logfile: /var/log/corosync/corosync.log
    to_stderr: no
}
EOF
corosync -f >/var/log/corosync/stdout.log 2>&1 &
corosync_pid=$!
for _ in $(seq 1 100); do corosync-cfgtool -s >/dev/null 2>&1 && break; sleep 0.1; done
pacemakerd -f >/var/log/pacemaker/stdout.log 2>&1 &
pacemakerd_pid=$!
for _ in $(seq 1 60); do crm_mon -1 2>/dev/null | grep -q 'Current DC: node1' && break; sleep 1; done

settle() { crm_resource --wait --timeout=120 >/dev/null 2>&1 || true; }

# ---------------------------------------------------------------- configuration
cibadmin -C -o nodes -X '<node id="2" uname="node2"/>'
cibadmin -C -o nodes -X '<node id="3" uname="node3"/>'
crm_attribute -t crm_config -n no-quorum-policy -v ignore
crm_attribute -t crm_config -n stonith-enabled -v true
crm_attribute -t rsc_defaults -n migration-threshold -v 1
crm_attribute -N node3 -n standby -v on
crm_attribute -N node2 -n maintenance -v true
crm_attribute -N node1 -n site -v dc-a
cibadmin -C -o resources -X '
<primitive id="fence-ok" class="stonith" type="fence_dummy">
  <instance_attributes id="fence-ok-ia">
    <nvpair id="fence-ok-type" name="type" value="file"/>
    <nvpair id="fence-ok-hosts" name="pcmk_host_list" value="node2 node3"/>
  </instance_attributes>
</primitive>'
cibadmin -C -o resources -X '
<primitive id="fence-bad" class="stonith" type="fence_dummy">
  <instance_attributes id="fence-bad-ia">
    <nvpair id="fence-bad-type" name="type" value="fail"/>
    <nvpair id="fence-bad-hosts" name="pcmk_host_list" value="node4"/>
  </instance_attributes>
</primitive>'
settle
cibadmin -C -o resources -X '
<group id="web">
  <primitive id="virtual_ip" class="ocf" provider="heartbeat" type="IPaddr2">
    <instance_attributes id="virtual_ip-ia">
      <nvpair id="virtual_ip-ip" name="ip" value="127.0.0.201"/>
      <nvpair id="virtual_ip-mask" name="cidr_netmask" value="32"/>
      <nvpair id="virtual_ip-nic" name="nic" value="lo"/>
    </instance_attributes>
    <operations><op id="virtual_ip-monitor-30s" name="monitor" interval="30s"/></operations>
  </primitive>
  <primitive id="webserver" class="ocf" provider="girtest" type="Degraded">
    <meta_attributes id="webserver-meta"><nvpair id="webserver-mt" name="migration-threshold" value="10"/></meta_attributes>
    <operations><op id="webserver-monitor-5s" name="monitor" interval="5s"/></operations>
  </primitive>
</group>'
cibadmin -C -o resources -X '
<primitive id="flaky" class="ocf" provider="girtest" type="Flaky">
  <meta_attributes id="flaky-meta"><nvpair id="flaky-mt" name="migration-threshold" value="3"/></meta_attributes>
  <operations><op id="flaky-monitor-2s" name="monitor" interval="2s"/></operations>
</primitive>'
cibadmin -C -o resources -X '
<primitive id="broken" class="ocf" provider="girtest" type="Broken">
  <operations><op id="broken-monitor-10s" name="monitor" interval="10s"/></operations>
</primitive>'
cibadmin -C -o resources -X '
<clone id="ping-clone">
  <meta_attributes id="ping-clone-meta"><nvpair id="ping-clone-max" name="clone-max" value="3"/></meta_attributes>
  <primitive id="ping" class="ocf" provider="pacemaker" type="Dummy">
    <operations><op id="ping-monitor-10s" name="monitor" interval="10s"/></operations>
  </primitive>
</clone>'
cibadmin -C -o resources -X '
<clone id="stateful-clone">
  <meta_attributes id="stateful-clone-meta">
    <nvpair id="stateful-clone-promotable" name="promotable" value="true"/>
    <nvpair id="stateful-clone-pmax" name="promoted-max" value="1"/>
    <nvpair id="stateful-clone-max" name="clone-max" value="2"/>
  </meta_attributes>
  <primitive id="stateful" class="ocf" provider="pacemaker" type="Stateful">
    <operations>
      <op id="stateful-monitor-promoted" name="monitor" interval="5s" role="Promoted"/>
      <op id="stateful-monitor-unpromoted" name="monitor" interval="6s" role="Unpromoted"/>
    </operations>
  </primitive>
</clone>'
cibadmin -C -o resources -X '
<clone id="counter-clone">
  <meta_attributes id="counter-clone-meta">
    <nvpair id="counter-clone-unique" name="globally-unique" value="true"/>
    <nvpair id="counter-clone-max" name="clone-max" value="2"/>
    <nvpair id="counter-clone-node-max" name="clone-node-max" value="2"/>
  </meta_attributes>
  <primitive id="counter" class="ocf" provider="pacemaker" type="Dummy"/>
</clone>'
cibadmin -C -o resources -X '
<clone id="app-clone">
  <meta_attributes id="app-clone-meta"><nvpair id="app-clone-max" name="clone-max" value="2"/></meta_attributes>
  <group id="app-group">
    <primitive id="app-a" class="ocf" provider="pacemaker" type="Dummy"/>
    <primitive id="app-b" class="ocf" provider="pacemaker" type="Dummy"/>
  </group>
</clone>'
cibadmin -C -o resources -X '
<primitive id="disabled-rsc" class="ocf" provider="pacemaker" type="Dummy">
  <meta_attributes id="disabled-rsc-meta"><nvpair id="disabled-rsc-tr" name="target-role" value="Stopped"/></meta_attributes>
</primitive>'
cibadmin -C -o resources -X '<primitive id="unmanaged-rsc" class="ocf" provider="pacemaker" type="Dummy"/>'
settle
crm_resource -r unmanaged-rsc --meta -p is-managed -v false
attrd_updater -n pingd -U 1000
crm_resource --ban -r flaky -N node2 >/dev/null
crm_resource --ban --promoted -r stateful-clone -N node3 >/dev/null
settle
sleep 12   # flaky fails its first recurring monitor, is recovered; webserver keeps returning 190
settle
stonith_admin --reboot node4 -t 5 >/dev/null 2>&1 || true
sleep 1

# ---------------------------------------------------------------- outputs
full=(-r -f -A -o --fence-history=3 --include=all)
crm_mon -1 --output-as=xml > "$out/live.2x.xml"
crm_mon -1 --output-as=xml "${full[@]}" > "$out/live-full.2x.xml"
crm_mon -1 --as-xml "${full[@]}" > "$out/live-full.legacy.xml"
crm_mon -1 --output-as=xml -n "${full[@]}" > "$out/live-bynode.2x.xml"
crm_mon -1 "${full[@]}" > "$out/live-full.txt"
cibadmin -Q > "$out/live.cib.xml"

crm_attribute -t crm_config -n stonith-enabled -v false >/dev/null
crm_attribute -t crm_config -n maintenance-mode -v true >/dev/null
settle
crm_mon -1 --output-as=xml -r --include=all > "$out/live-maintenance.2x.xml"

kill -TERM "$pacemakerd_pid" || true
for _ in $(seq 1 60); do kill -0 "$pacemakerd_pid" 2>/dev/null || break; sleep 1; done
crm_mon -1 --output-as=xml > "$out/live-stopped.2x.xml" 2>/dev/null || true
kill -TERM "$corosync_pid" || true
wait || true
echo "generate-live.sh: wrote $(ls "$out"/live* | wc -l) files to $out"
