#!/usr/bin/env bash
# Installs what girlb's tests and lab use, when missing: Apache httpd, Pacemaker, Corosync, pcs,
# resource-agents (ocf-tester and the peer agents), xmllint, curl, debootstrap (the lab's Debian 13 stack:
# tests/lab/stack-root), fence_ipmilan + ipmitool + ipmi_sim (the lab's BMCs), corosync-qnetd/-qdevice.
# Debian 12 (apt) or EL9 (dnf).
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1; }
if have apt-get; then
  for pair in apache2:/usr/sbin/apache2 ocf-tester:/usr/sbin/ocf-tester xmllint:/usr/bin/xmllint curl:/usr/bin/curl \
              crm_mon:/usr/sbin/crm_mon corosync:/usr/sbin/corosync pcs:/usr/sbin/pcs ip:/usr/sbin/ip \
              promtool:/usr/bin/promtool rpmbuild:/usr/bin/rpmbuild setpriv:/usr/bin/setpriv debootstrap:/usr/sbin/debootstrap \
              fence-agents:/usr/sbin/fence_ipmilan ipmitool:/usr/bin/ipmitool openipmi:/usr/bin/ipmi_sim \
              corosync-qnetd:/usr/bin/corosync-qnetd corosync-qdevice:/usr/sbin/corosync-qdevice \
              dpkg-dev:/usr/bin/dpkg-buildpackage debhelper:/usr/bin/dh fakeroot:/usr/bin/fakeroot lintian:/usr/bin/lintian \
              chromium:/usr/bin/chromium chromium-driver:/usr/bin/chromedriver python3-selenium:/usr/lib/python3/dist-packages/selenium/__init__.py; do
    [ -e "${pair#*:}" ] || need+=("${pair%%:*}")
  done
  [ ${#need[@]} -eq 0 ] && exit 0
  echo "installing: apache2 pacemaker corosync pcs pacemaker-cli-utils resource-agents libxml2-utils curl iproute2 prometheus rpm rpmlint debootstrap fence-agents ipmitool openipmi corosync-qnetd corosync-qdevice dpkg-dev debhelper fakeroot lintian chromium chromium-driver python3-selenium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends apache2 pacemaker corosync pcs pacemaker-cli-utils \
    resource-agents libxml2-utils curl iproute2 procps psmisc python3 util-linux prometheus rpm rpmlint cpio openssl debootstrap \
    fence-agents ipmitool openipmi corosync-qnetd corosync-qdevice dpkg-dev debhelper fakeroot lintian \
    chromium chromium-driver python3-selenium >/dev/null
  # the packages start their daemons where an init system runs: the lab starts its own, in namespaces
  if have systemctl && [ -d /run/systemd/system ]; then systemctl disable --now corosync-qnetd corosync-qdevice >/dev/null 2>&1 || true; fi
  # installing prometheus starts its server where an init system runs: tests only need promtool
  if have systemctl && [ -d /run/systemd/system ]; then systemctl disable --now prometheus >/dev/null 2>&1 || true; fi
  pkill -x prometheus 2>/dev/null || true
  # the cluster owns httpd, not the init system
  if have systemctl && [ -d /run/systemd/system ]; then systemctl disable --now apache2 >/dev/null 2>&1 || true; fi
  pkill -x apache2 2>/dev/null || true
elif have dnf; then
  [ -x /usr/sbin/httpd ] && [ -x /usr/sbin/crm_mon ] && exit 0
  dnf install -y -q httpd mod_ssl pacemaker corosync pcs resource-agents fence-agents-ipmilan ipmitool OpenIPMI-lanserv corosync-qnetd corosync-qdevice libxml2 curl iproute procps-ng psmisc python3
  # (the lab's Debian 13 stack needs debootstrap, from EPEL: dnf install epel-release && dnf install debootstrap)
  if have systemctl && [ -d /run/systemd/system ]; then systemctl disable --now httpd >/dev/null 2>&1 || true; fi
else
  echo "neither apt-get nor dnf found: install apache2/httpd, pacemaker, resource-agents by hand" >&2
  exit 1
fi
