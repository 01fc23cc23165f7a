#!/bin/bash
# PID 1 of one lab node: runs inside the node's network namespace and its own mount, UTS and PID
# namespaces (started by `lab up` through `ip netns exec NS unshare --mount --uts --pid --fork
# --mount-proc`). It gives the node its own /run, /dev/shm, /etc/corosync, /var/lib/pacemaker,
# /var/lib/corosync, /var/lib/giragent and /var/log, starts Corosync and Pacemaker, then stays as
# the namespace's init: bash reaps the orphans (a daemonized httpd is reparented here; an unreaped
# zombie would still answer kill -0). With lab up --qdevice it starts pcsd too; NODE qnetd is the
# quorum host: pcsd alone (the lab starts corosync-qnetd there), no cluster node.
#
#   node-init.sh NODE DIR [ROOT STATE BINDIR]
# With ROOT (a stack's root: tests/lab/stack-root), those directories are made inside ROOT, with
# proc, sys, dev, a tmpfs /run, /tmp and /dev/shm, and the lab's STATE and giragent's BINDIR at their
# own paths; Corosync and Pacemaker run chrooted into it. The init itself stays outside and reaps.
set -eu
node=$1
dir=$2
root=${3:-}
state=${4:-}
bindir=${5:-}

hostname "$node"
mount --make-rprivate /
in_root() { if [ -n "$root" ]; then chroot "$root" "$@"; else "$@"; fi; }
if [ -n "$root" ]; then
  # the root a mount of its own: inside the chroot "/" is then a mount point, as on a machine (unshare --mount,
  # which giragent's in-place httpd check uses, changes its propagation)
  mount --bind "$root" "$root"
  mount -t proc proc "$root/proc"
  mount --rbind /sys "$root/sys"
  mount --rbind /dev "$root/dev"
  mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
  for d in "$state" "$bindir"; do
    mkdir -p "$root$d"
    mount --bind "$d" "$root$d"
  done
fi
mount -t tmpfs -o mode=0755 tmpfs "$root/run"
mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"

# pcsd, as a machine with pcs runs it (lab up --qdevice: pcs sets the quorum device up through it): hacluster's
# password in a copy of the root's /etc/shadow (STATE/pcsd/shadow), the host's own /var/lib/pcsd (its certificate
# and tokens), and tests/lab/systemctl over systemctl, through which pcs starts corosync-qdevice and corosync-qnetd
pcsd_host() {
  [ -n "$state" ] && [ -f "$state/pcsd/shadow" ] || return 1
  mkdir -p "$dir/var-lib-pcsd"
  mount --bind "$state/pcsd/shadow" "$root/etc/shadow"
  mount --bind "$state/pcsd/systemctl" "$root/usr/bin/systemctl"
  mount --bind "$dir/var-lib-pcsd" "$root/var/lib/pcsd"
  mkdir -p "$root/var/log/pcsd"
}
start_pcsd() { in_root systemctl start pcsd-ruby && in_root systemctl start pcsd; }
# from here on nothing may end the host: an init that exits takes every process of the host with it
stay_as_init() {
  set +e
  trap '' TERM INT HUP
  while true; do
    wait 2>/dev/null || true
    sleep 1
  done
}

if [ "$node" = qnetd ]; then
  # the quorum host: corosync-qnetd (which pcs qdevice setup starts) and pcsd, nothing of a cluster node
  mkdir -p "$dir/etc-corosync" "$dir/var-log"
  mount --bind "$dir/etc-corosync" "$root/etc/corosync"
  mount --bind "$dir/var-log" "$root/var/log"
  ip link set lo up
  pcsd_host
  start_pcsd
  echo "quorum host up: pcsd started${root:+ in $root}"
  stay_as_init
fi
mkdir -p "$root/run/crm" "$root/run/lock" "$root/run/girlb" "$root/run/corosync" "$root/var/lib/giragent"
in_root chown hacluster:haclient /run/crm
mount --bind "$dir/etc-corosync" "$root/etc/corosync"
mount --bind "$dir/var-lib-pacemaker" "$root/var/lib/pacemaker"
mount --bind "$dir/var-lib-corosync" "$root/var/lib/corosync"
mount --bind "$dir/var-lib-giragent" "$root/var/lib/giragent"
mount --bind "$dir/var-log" "$root/var/log"
# each node its own tenants directory (httpd.conf includes STATE/httpd/conf.d), as two machines have: what
# one node renders the other must not see
if [ -n "$state" ] && [ -d "$state/httpd/conf.d" ]; then
  mkdir -p "$dir/httpd-conf.d"
  mount --bind "$dir/httpd-conf.d" "$root$state/httpd/conf.d"
fi
ip link set lo up

in_root corosync -f >"$dir/var-log/corosync/stdout.log" 2>&1 &
for _ in $(seq 1 100); do
  in_root corosync-cfgtool -s >/dev/null 2>&1 && break
  sleep 0.1
done
if pcsd_host; then start_pcsd; fi
# a quorum device in corosync.conf (pcs quorum device add wrote it): its daemon beside Corosync, as its enabled unit
if grep -q 'model: net' "$dir/etc-corosync/corosync.conf"; then in_root systemctl start corosync-qdevice; fi
in_root pacemakerd -f >"$dir/var-log/pacemaker/stdout.log" 2>&1 &
echo "node $node up: corosync and pacemaker started${root:+ in $root}"
stay_as_init
