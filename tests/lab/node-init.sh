#!/bin/bash
# PID 1 of one lab node: runs inside the node's network namespace and its own mount, UTS and PID
# namespaces (started by `lab up` through `ip netns exec NS unshare --mount --uts --pid --fork
# --mount-proc`). It gives the node its own /run, /dev/shm, /etc/corosync, /var/lib/pacemaker,
# /var/lib/corosync and /var/log, starts Corosync and Pacemaker, then stays as the namespace's
# init: bash reaps the orphans (a daemonized httpd is reparented here; an unreaped zombie would
# still answer kill -0).
set -eu
node=$1
dir=$2

hostname "$node"
mount --make-rprivate /
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mkdir -p /run/crm /run/lock /run/girlb /run/corosync
chown hacluster:haclient /run/crm
mount --bind "$dir/etc-corosync" /etc/corosync
mount --bind "$dir/var-lib-pacemaker" /var/lib/pacemaker
mount --bind "$dir/var-lib-corosync" /var/lib/corosync
mount --bind "$dir/var-lib-giragent" /var/lib/giragent
mount --bind "$dir/var-log" /var/log
ip link set lo up

corosync -f >/var/log/corosync/stdout.log 2>&1 &
for _ in $(seq 1 100); do
  corosync-cfgtool -s >/dev/null 2>&1 && break
  sleep 0.1
done
pacemakerd -f >/var/log/pacemaker/stdout.log 2>&1 &
echo "node $node up: corosync and pacemaker started"

# from here on nothing may end the node: an init that exits takes every process of the node with it
set +e
trap '' TERM INT HUP
while true; do
  wait 2>/dev/null || true
  sleep 1
done
