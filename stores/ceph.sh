#!/usr/bin/env bash
# Ceph RADOS Gateway (radosgw) 16.2.15 from Debian 12, one node, serving S3 on 127.0.0.1 for the
# integration tests and CI: an independent S3 implementation that checks SigV4 and SSE-C.
#
# Usage:
#   stores/ceph.sh install     Installs ceph-mon, ceph-osd, radosgw and ceph-common pinned to
#                              CEPH_DEB_VERSION (--no-install-recommends), plus openssl and curl.
#                              Idempotent: exits at once when all is there at that version, and
#                              runs `apt-get update` only when something is missing. A temporary
#                              policy-rc.d keeps the packages from starting any service.
#   stores/ceph.sh start DIR   Stops what an earlier start left running in DIR and wipes its
#                              cluster state; bootstraps a fresh cluster (one mon, one bluestore
#                              OSD, one radosgw on http and https) that writes only under DIR;
#                              creates the S3 user; waits until a signed S3 request works; writes
#                              DIR/store.properties (name, version, endpoint, httpsEndpoint,
#                              caBundle, region, accessKey, secretKey, pathStyle, log) and prints
#                              one "ready" line. The daemons run on after the script exits. On
#                              failure: shows the end of the logs, stops all it started, exits 1.
#   stores/ceph.sh stop DIR    Stops radosgw, then the OSD, then the mon, by their PID files under
#                              DIR. Idempotent: exits 0 when nothing runs.
#
# DIR holds: ceph.conf, keyring (every entity's key), ca.pem (private CA of the https
# certificate), tls/, mon/, osd/ (bluestore on the sparse file block.file), run/ (PID files, admin
# sockets), log/ (daemon logs, their stdout/stderr, setup.log with the timing of each step),
# store.properties.
#
# Traps handled:
# - Every daemon and every ceph tool gets `-c DIR/ceph.conf`, whose paths replace each default
#   under /var/lib/ceph, /var/run/ceph, /var/log/ceph and /etc/ceph.
# - bluestore's block file must not be named `block` inside the OSD folder ("Too many levels of
#   symbolic links"): it is `block.file`, sparse. bluestore needs O_DIRECT (ext4 has it).
# - Every close of the block file waits for the aio thread's poll (250 ms by default; the OSD
#   opens it about ten times while starting): `bdev aio poll ms = 20`. No fsck after mkfs.
# - radosgw creates about eight pools at its first start, one paxos round each:
#   `paxos propose interval = 0.1`. It starts while the OSD still boots, and its requests wait for
#   the next objecter tick (5 s by default) once the OSD is up: `objecter tick interval = 0.5`.
# - One OSD and no mgr: pool size 1, `mon allow pool size one`, crush chooseleaf type 0, pg
#   autoscale off. The OSD binds in a port range of ours (`ms bind port min/max`), msgr2 only.
# - The https key must be named in `rgw frontends` (ssl_private_key), else radosgw looks for it in
#   the mon's config-key store. `rgw crypt require ssl = false` lets tests use SSE-C over http.
# - `curl --aws-sigv4` sends no x-amz-content-sha256, which radosgw requires: the readiness check
#   signs its ListBuckets itself (openssl).
# - radosgw may ignore SIGTERM for a while, and hangs when the cluster is gone: it is stopped first
#   and killed after 5 s; then the OSD, then the mon.
# - The daemons outlive this script, so PID 1 reaps them, here only every two seconds or so: a
#   zombie counts as stopped (lib.sh's stop_pid would wait out its whole grace period on one).
# - ceph.conf cannot hold a path with spaces (rgw frontends): such a DIR is refused up front.
# - Under `set -e`, a function called in `if`/`||` runs without errexit: the steps check their own
#   commands, and any other failure ends in the EXIT trap, which cleans up like an explicit one.

set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"

CEPH_DEB_VERSION=16.2.15+ds-0+deb12u2
CEPH_PACKAGES=(ceph-mon ceph-osd radosgw ceph-common)
TOOL_PACKAGES=(openssl curl)

ACCESS_KEY=ceph-test-access
SECRET_KEY=ceph-test-secret-0123456789abcdefghijklmn
S3_USER=unipart-test
# radosgw checks signatures with whatever region the credential scope names; us-east-1 also keeps
# SDKs from sending a LocationConstraint at CreateBucket (radosgw accepts only "default" there).
REGION=us-east-1

START_TIMEOUT=90 # seconds for each wait; a whole start takes about five
OSD_PORTS=10     # the OSD binds four (public, cluster, two heartbeats), msgr2 only

usage() {
  echo "usage: $0 install | start DIR | stop DIR" >&2
  exit 2
}

# ---------------------------------------------------------------------------------------------
# install

# Installs the pinned packages (see lib.sh's apt_install_pinned).
cmd_install() {
  apt_install_pinned "${CEPH_PACKAGES[@]/%/=$CEPH_DEB_VERSION}" "${TOOL_PACKAGES[@]}"
}

# ---------------------------------------------------------------------------------------------
# stop

# Whether PID runs. A zombie has exited: it only waits for PID 1 to reap it.
running() {
  local state
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null || true)
  [ -n "$state" ] && [ "$state" != Z ]
}

# Prints the PID in DIR/run/NAME.pid if that process is still a ceph daemon (so that a PID reused
# by something else is never signalled); nothing otherwise.
daemon_pid() {
  local pid comm
  pid=$(cat "$1/run/$2.pid" 2>/dev/null || true)
  [ -n "$pid" ] || return 0
  comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
  case "$comm" in
    # (nohup and setsid: launched a moment ago, not yet turned into the daemon)
    ceph-mon | ceph-osd | radosgw | nohup | setsid) running "$pid" && echo "$pid" ;;
  esac
  return 0
}

# stop_daemon DIR NAME SECONDS: TERM the daemon, KILL it if it still runs after SECONDS.
stop_daemon() {
  local dir=$1 name=$2 wait=$3 pid
  pid=$(daemon_pid "$dir" "$name")
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((wait * 10))); do
      running "$pid" || break
      sleep 0.1
    done
    if running "$pid"; then
      echo "$name (pid $pid) still runs $wait s after TERM: KILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do
        running "$pid" || break
        sleep 0.1
      done
    fi
    STOPPED_PIDS+=("$pid")
  fi
  rm -f "$dir/run/$name.pid"
}

# cmd_stop DIR [reap]: stops radosgw first (it hangs when the cluster goes before it), then the
# OSD, then the mon. With "reap", also waits (3 s at most) until PID 1 has reaped them, so that no
# ceph process, not even a zombie, shows up afterwards.
cmd_stop() {
  local dir=$1 reap=${2:-} pid
  STOPPED_PIDS=()
  [ -d "$dir/run" ] || return 0
  stop_daemon "$dir" client.rgw.a 5
  stop_daemon "$dir" osd.0 10
  stop_daemon "$dir" mon.a 5
  [ "$reap" = reap ] || return 0
  for pid in "${STOPPED_PIDS[@]}"; do
    for _ in $(seq 1 30); do
      [ -e "/proc/$pid" ] || break
      sleep 0.1
    done
  done
  return 0
}

# ---------------------------------------------------------------------------------------------
# start: helpers

# new_port AVOID...: a free port (lib.sh's free_port) that is none of AVOID.
new_port() {
  local p
  for _ in $(seq 1 50); do
    p=$(free_port) || return 1
    if [[ " $* " != *" $p "* ]]; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# free_range COUNT AVOID...: the first of COUNT consecutive free ports, none of them in AVOID.
free_range() {
  local count=$1 base p ok
  shift
  for _ in $(seq 1 50); do
    base=$(free_port) || return 1
    [ $((base + count)) -le 60000 ] || continue
    ok=1
    for p in $(seq "$base" $((base + count - 1))); do
      if [[ " $* " == *" $p "* ]] || (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        ok=0
        break
      fi
    done
    if [ "$ok" = 1 ]; then
      echo "$base"
      return 0
    fi
  done
  echo "no range of $count free ports found" >&2
  return 1
}

# hmac_hex KEY_HEX DATA: HMAC-SHA256 of DATA under a hex key, in hex.
hmac_hex() {
  printf '%s' "$2" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$1" | sed 's/^.*= //'
}

# s3_list_buckets ENDPOINT: a SigV4-signed ListBuckets (GET /) that carries x-amz-content-sha256.
# Prints the HTTP status (000 when nothing answered).
s3_list_buckets() {
  local endpoint=$1 amz_date day empty canonical scope to_sign key
  amz_date=$(date -u +%Y%m%dT%H%M%SZ)
  day=${amz_date%%T*}
  empty=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 # SHA-256 of nothing
  canonical=$(printf 'GET\n/\n\nhost:%s\nx-amz-content-sha256:%s\nx-amz-date:%s\n\n%s\n%s' \
    "${endpoint#http://}" "$empty" "$amz_date" "host;x-amz-content-sha256;x-amz-date" "$empty")
  scope="$day/$REGION/s3/aws4_request"
  to_sign=$(printf 'AWS4-HMAC-SHA256\n%s\n%s\n%s' "$amz_date" "$scope" \
    "$(printf '%s' "$canonical" | openssl dgst -sha256 | sed 's/^.*= //')")
  key=$(printf '%s' "AWS4$SECRET_KEY" | od -An -tx1 | tr -d ' \n')
  key=$(hmac_hex "$key" "$day")
  key=$(hmac_hex "$key" "$REGION")
  key=$(hmac_hex "$key" s3)
  key=$(hmac_hex "$key" aws4_request)
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
    -H "x-amz-content-sha256: $empty" -H "x-amz-date: $amz_date" \
    -H "Authorization: AWS4-HMAC-SHA256 Credential=$ACCESS_KEY/$scope, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=$(hmac_hex "$key" "$to_sign")" \
    "$endpoint/" || true
}

# make_certificates DIR: DIR/ca.pem, a private CA, and DIR/tls/server.{crt,key}, signed by it for
# 127.0.0.1 and localhost. EC keys: much quicker to make than RSA.
make_certificates() {
  local tls=$1/tls
  mkdir -p "$tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -subj "/CN=unipart ceph test CA" -keyout "$tls/ca.key" -out "$1/ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
    -keyout "$tls/server.key" -out "$tls/server.csr"
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=serverAuth" "subjectAltName=IP:127.0.0.1,DNS:localhost" >"$tls/server.ext"
  openssl x509 -req -in "$tls/server.csr" -CA "$1/ca.pem" -CAkey "$tls/ca.key" \
    -CAcreateserial -CAserial "$tls/ca.srl" -days 3650 -extfile "$tls/server.ext" \
    -out "$tls/server.crt"
}

# write_conf DIR FSID MON_PORT OSD_PORT_MIN HTTP_PORT HTTPS_PORT
write_conf() {
  local dir=$1
  cat >"$dir/ceph.conf" <<EOF
[global]
fsid = $2
mon host = v2:127.0.0.1:$3
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
ms bind ipv6 = false
ms bind port min = $4
ms bind port max = $(($4 + OSD_PORTS - 1))
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
keyring = $dir/keyring
# every path that would otherwise be outside DIR
run dir = $dir/run
pid file = $dir/run/\$name.pid
log file = $dir/log/\$cluster-\$name.log
mon cluster log file = $dir/log/\$cluster.log
crash dir = $dir/crash
mon data = $dir/mon/\$cluster-\$id
osd data = $dir/osd/\$cluster-\$id
rgw data = $dir/rgw/\$cluster-\$id
log to syslog = false
err to syslog = false
clog to syslog = false
# one OSD, no mgr
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon max pg per osd = 1000
# radosgw creates its pools one paxos round each
paxos propose interval = 0.1

[osd]
osd objectstore = bluestore
bluestore block path = $dir/osd/\$cluster-\$id/block.file
bluestore block create = true
bluestore block size = 10737418240
bluestore fsck on mkfs = false
# each close of the block file waits for one poll of the aio thread
bdev aio poll ms = 20
osd memory target = 939524096

[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$5 ssl_endpoint=127.0.0.1:$6 ssl_certificate=$dir/tls/server.crt ssl_private_key=$dir/tls/server.key
rgw dns name = localhost
# SSE-C over plain http too (radosgw still refuses a read of an SSE-C object without the key)
rgw crypt require ssl = false
# resend sooner the requests made while the OSD was still booting
objecter tick interval = 0.5
EOF
}

# launch DIR NAME COMMAND...: runs a ceph daemon in the foreground (-f) of a session of its own,
# detached from this script, output to DIR/log/NAME.out; its PID goes to DIR/run/NAME.pid (the
# daemon writes the same file itself and removes it when it exits).
launch() {
  local dir=$1 name=$2
  shift 2
  nohup setsid "$@" -f </dev/null >>"$dir/log/$name.out" 2>&1 3>&- &
  echo $! >"$dir/run/$name.pid"
}

# STARTING_DIR, MKFS_PID and T0 describe the start under way, for die and step.
STARTING_DIR=
MKFS_PID=
T0=

# die MESSAGE: stops what this start launched, shows the end of the logs, exits 1.
die() {
  local dir=$STARTING_DIR
  trap - EXIT INT TERM HUP
  if [ -n "$MKFS_PID" ]; then
    kill "$MKFS_PID" 2>/dev/null || true
    wait "$MKFS_PID" 2>/dev/null || true
  fi
  cmd_stop "$dir" || true
  fail_with_log "$1" "$dir/log/setup.log" "$dir/log/osd.0.mkfs.out" "$dir/log/ceph-mon.a.log" \
    "$dir/log/mon.a.out" "$dir/log/ceph-osd.0.log" "$dir/log/osd.0.out" \
    "$dir/log/ceph-client.rgw.a.log" "$dir/log/client.rgw.a.out" || true
  exit 1
}

# The EXIT trap while starting: a command that failed under set -e, or a signal, ends here.
on_start_exit() {
  local rc=$?
  [ "$rc" -eq 0 ] || die "a step failed (exit $rc); see $STARTING_DIR/log/setup.log"
}

# step WORDS: notes in setup.log how far the start got, in seconds since it began.
step() {
  echo "--- $(awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%5.2f", b - a }') s: $*" >&3
}

# alive_or_die DIR NAME...: dies at once when one of these daemons no longer runs.
alive_or_die() {
  local dir=$1 name
  shift
  for name in "$@"; do
    [ -n "$(daemon_pid "$dir" "$name")" ] || die "$name exited"
  done
}

# ceph_cmd DIR ARGS...: the ceph CLI against this cluster, bounded in time.
ceph_cmd() {
  local dir=$1
  shift
  timeout 60 ceph -c "$dir/ceph.conf" --connect-timeout 30 "$@"
}

# ---------------------------------------------------------------------------------------------
# start

cmd_start() {
  local dir=$1 fsid osd_uuid mon_port osd_port http_port https_port version status deadline
  T0=$EPOCHREALTIME

  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # ceph.conf values (rgw frontends above all) cannot hold a path with spaces.
  if [[ "$dir" =~ [[:space:]] ]]; then
    echo "store did not start: the folder's path has a space: $dir" >&2
    exit 1
  fi
  # A fresh cluster each time: whatever ran here goes, and so does its state.
  cmd_stop "$dir"
  rm -rf "$dir/ceph.conf" "$dir/keyring" "$dir/monmap" "$dir/ca.pem" "$dir/tls" "$dir/mon" \
    "$dir/osd" "$dir/rgw" "$dir/run" "$dir/log" "$dir/crash" "$dir/store.properties" \
    "$dir/store.properties.tmp"
  mkdir -p "$dir/run" "$dir/log" "$dir/mon" "$dir/osd/ceph-0" "$dir/rgw" "$dir/crash"

  STARTING_DIR=$dir
  trap on_start_exit EXIT
  trap 'exit 130' INT TERM HUP
  exec 3>>"$dir/log/setup.log"

  mon_port=$(new_port)
  http_port=$(new_port "$mon_port")
  https_port=$(new_port "$mon_port" "$http_port")
  osd_port=$(free_range "$OSD_PORTS" "$mon_port" "$http_port" "$https_port")
  fsid=$(cat /proc/sys/kernel/random/uuid)
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  step "ports: mon $mon_port, OSD $osd_port-$((osd_port + OSD_PORTS - 1)), http $http_port," \
    "https $https_port"
  write_conf "$dir" "$fsid" "$mon_port" "$osd_port" "$http_port" "$https_port"

  # One keyring for every entity: the mon imports all of it at mkfs, so the OSD and radosgw need
  # no `ceph auth` round trip later.
  local kr=$dir/keyring
  {
    ceph-authtool --create-keyring "$kr" --gen-key -n mon. --cap mon 'allow *' &&
      ceph-authtool "$kr" --gen-key -n client.admin \
        --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' &&
      ceph-authtool "$kr" --gen-key -n osd.0 \
        --cap mon 'allow profile osd' --cap mgr 'allow profile osd' --cap osd 'allow *' &&
      ceph-authtool "$kr" --gen-key -n client.rgw.a \
        --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw'
  } >&3 2>&3 || die "ceph-authtool failed"

  # The OSD's bluestore needs no mon: it is made in the background while the mon comes up.
  step "OSD mkfs (in the background), certificates"
  ceph-osd -c "$dir/ceph.conf" --no-mon-config --mkfs -i 0 --osd-uuid "$osd_uuid" \
    </dev/null >"$dir/log/osd.0.mkfs.out" 2>&1 3>&- &
  MKFS_PID=$!
  make_certificates "$dir" >&3 2>&3 || die "could not make the TLS certificates"

  step "mon: mkfs, start"
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" "$dir/monmap" >&3 2>&3 ||
    die "monmaptool failed"
  ceph-mon -c "$dir/ceph.conf" --mkfs -i a --monmap "$dir/monmap" --keyring "$kr" >&3 2>&3 ||
    die "ceph-mon --mkfs failed"
  launch "$dir" mon.a ceph-mon -c "$dir/ceph.conf" -i a

  step "OSD: register, start once its mkfs is done"
  [ "$(ceph_cmd "$dir" osd new "$osd_uuid" 0 2>&3)" = 0 ] || die "ceph osd new failed"
  wait "$MKFS_PID" || die "ceph-osd --mkfs failed"
  MKFS_PID=
  launch "$dir" osd.0 ceph-osd -c "$dir/ceph.conf" -i 0

  # radosgw waits for the OSD by itself, creates its pools, then opens its ports.
  step "radosgw: start, wait for http"
  launch "$dir" client.rgw.a radosgw -c "$dir/ceph.conf" -n client.rgw.a
  deadline=$((SECONDS + START_TIMEOUT))
  until wait_http "http://127.0.0.1:$http_port/" 1; do
    alive_or_die "$dir" mon.a osd.0 client.rgw.a
    [ "$SECONDS" -lt "$deadline" ] || die "radosgw did not answer on http in $START_TIMEOUT s"
  done

  step "S3 user"
  timeout 60 radosgw-admin -c "$dir/ceph.conf" user create --uid="$S3_USER" \
    --display-name="unipart tests" --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" \
    >&3 2>&3 || die "radosgw-admin user create failed"

  # Ready when a request signed with these keys passes, and https shows a certificate that
  # ca.pem verifies.
  step "signed request"
  deadline=$((SECONDS + START_TIMEOUT))
  until status=$(s3_list_buckets "http://127.0.0.1:$http_port") && [ "$status" = 200 ]; do
    alive_or_die "$dir" mon.a osd.0 client.rgw.a
    [ "$SECONDS" -lt "$deadline" ] || die "a signed ListBuckets still answers $status, not 200"
    sleep 0.2
  done
  curl -s -o /dev/null --max-time 5 --cacert "$dir/ca.pem" "https://127.0.0.1:$https_port/" ||
    die "radosgw does not answer on https with a certificate that ca.pem verifies"

  # The version the running radosgw reports, from its log's first line:
  # "ceph version 16.2.15 (...) pacific (stable), process radosgw, pid ...".
  version=$(sed -n 's/.*ceph version \([^ ]*\) .*process radosgw.*/\1/p' \
    "$dir/log/ceph-client.rgw.a.log" | head -n 1)
  [ -n "$version" ] || die "no version in the radosgw log"

  write_properties "$dir" name=ceph version="$version" \
    endpoint="http://127.0.0.1:$http_port" httpsEndpoint="https://127.0.0.1:$https_port" \
    caBundle="$dir/ca.pem" region="$REGION" accessKey="$ACCESS_KEY" secretKey="$SECRET_KEY" \
    pathStyle=true log="$dir/log/ceph-client.rgw.a.log"
  step "ready"

  trap - EXIT INT TERM HUP
  exec 3>&-
  echo "ceph $version ready in $(awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s:" \
    "http://127.0.0.1:$http_port https://127.0.0.1:$https_port"
}

case "${1:-}" in
  install) [ $# -eq 1 ] || usage; cmd_install ;;
  start) [ $# -eq 2 ] || usage; cmd_start "$2" ;;
  stop) [ $# -eq 2 ] || usage; cmd_stop "$2" reap ;;
  *) usage ;;
esac
