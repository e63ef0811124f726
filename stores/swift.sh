#!/usr/bin/env bash
# OpenStack Swift 2.30.1 (Debian 12's packages) with its S3 API (s3api + tempauth), one node, one
# replica, everything under one folder of the caller's.
#
#   stores/swift.sh install     installs the pinned Debian packages; exits 0 at once when they are
#                               already there at those versions (apt-get update only when not)
#   stores/swift.sh start DIR   wipes what a previous start left in DIR, writes configs and rings
#                               into DIR, starts memcached and the account, container, object and
#                               proxy servers in the background (logs under DIR/log, PIDs under
#                               DIR/run), waits until a signed S3 call answers 200, then writes
#                               DIR/store.properties (name, version, endpoint, region, accessKey,
#                               secretKey, pathStyle, log) and prints one "ready" line. On failure
#                               it prints the ends of the logs, stops what it started, exits non-zero.
#   stores/swift.sh stop DIR    stops whatever DIR/run's PID files name; exit 0 when nothing runs
#
# Environment: STORE_BUCKETS=a,b,c   buckets to create once the store answers (none by default).
#
# Traps handled here:
# - The stock servers read /etc/swift/swift.conf (hash prefix/suffix, policies, constraints) at
#   import time, whatever swift_dir says. Each server is launched through DIR/etc/launch.py, which
#   points swift.common.utils at DIR/etc/swift.conf (set_swift_dir), reloads policies and
#   constraints, then runs the stock /usr/bin script: nothing outside DIR is needed or written
#   (the import still glances at /etc/swift/swift.conf when the package left one; it runs without).
# - swift-ring-builder pays about a second of imports per call (nine calls): the rings are built
#   with its RingBuilder class in one process instead, same parameters (create 10 1 1, one device).
# - Swift's modules are Debian's, for /usr/bin/python3; the python3 first on PATH may be another.
# - No syslog here: servers run with -v and their stderr goes to DIR/log/NAME.log.
# - Package install scripts would start services on the default ports: a temporary
#   /usr/sbin/policy-rc.d exiting 101 prevents it (any existing one is put back afterwards).
# - Proxy pipeline: s3api before tempauth, and slo, dlo, copy after them (with slo ahead of s3api,
#   s3api switches multipart off). No object updater runs, so the object server's
#   container_update_timeout is raised to keep listings consistent.
# - memcached refuses to run as root without -u; it gets its own free port and PID file.
# - An exited server stays a zombie until PID 1 reaps it (a second or two here): liveness checks
#   look at the process state, and stop stops all servers at once.
# - tempauth's user test:tester is S3 access key "test:tester" (SigV4 is checked).
set -euo pipefail
set +m # background servers stay out of job control: setsid then runs in place and $! is their PID

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

SWIFT_DEB_VERSION=2.30.1-0+deb12u3
MEMCACHED_DEB_VERSION=1.6.18-1+deb12u1
PACKAGES=(
  "swift=$SWIFT_DEB_VERSION"
  "swift-proxy=$SWIFT_DEB_VERSION"
  "swift-account=$SWIFT_DEB_VERSION"
  "swift-container=$SWIFT_DEB_VERSION"
  "swift-object=$SWIFT_DEB_VERSION"
  "python3-swift=$SWIFT_DEB_VERSION"
  "memcached=$MEMCACHED_DEB_VERSION"
)
PYTHON=/usr/bin/python3
ACCOUNT=test
USER_NAME=tester
SECRET=testing
REGION=us-east-1
START_TIMEOUT=60

usage() {
  echo "usage: $0 install | start DIR | stop DIR" >&2
  exit 2
}

# ---------------------------------------------------------------- install

install() {
  apt_install_pinned "${PACKAGES[@]}"
}


# ---------------------------------------------------------------- start / stop

# The servers, in the order they start.
SERVERS=(memcached account container object proxy)

# Signs one S3 call with SigV4 (standard library only, Debian's python3) and prints its status;
# the body of an error answer goes to stderr. Arguments: METHOD URL ACCESS SECRET REGION.
# curl --aws-sigv4 cannot be used: the access key "test:tester" holds a colon.
S3CALL_PY='
import datetime, hashlib, hmac, sys, urllib.error, urllib.parse, urllib.request
method, url, access, secret, region = sys.argv[1:6]
parts = urllib.parse.urlsplit(url)
stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
payload = hashlib.sha256(b"").hexdigest()
headers = {"host": parts.netloc, "x-amz-content-sha256": payload, "x-amz-date": stamp}
names = ";".join(sorted(headers))
canonical = "\n".join([method, parts.path or "/", "",
                       "".join("%s:%s\n" % (k, headers[k]) for k in sorted(headers)),
                       names, payload])
scope = "%s/%s/s3/aws4_request" % (stamp[:8], region)
to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope,
                     hashlib.sha256(canonical.encode()).hexdigest()])
key = ("AWS4" + secret).encode()
for piece in (stamp[:8], region, "s3", "aws4_request"):
    key = hmac.new(key, piece.encode(), hashlib.sha256).digest()
signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
headers["authorization"] = ("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s"
                            % (access, scope, names, signature))
data = b"" if method in ("PUT", "POST") else None
request = urllib.request.Request(url, data=data, method=method, headers=headers)
try:
    with urllib.request.urlopen(request, timeout=5) as answer:
        print(answer.status)
except urllib.error.HTTPError as error:
    print(error.code)
    sys.stderr.write(error.read().decode("utf-8", "replace") + "\n")
except Exception as error:
    print(0)
    sys.stderr.write("%s\n" % error)
'

s3call() {
  "$PYTHON" -c "$S3CALL_PY" "$1" "$2" "$ACCOUNT:$USER_NAME" "$SECRET" "$REGION"
}

# Runs one stock Swift server so that it reads DIR/etc/swift.conf instead of /etc/swift/swift.conf:
# python3 launch.py DIR/etc /usr/bin/swift-NAME-server CONF -v
LAUNCH_PY='import runpy, sys
from swift.common import utils
utils.set_swift_dir(sys.argv[1])
from swift.common import constraints, storage_policy
storage_policy.reload_storage_policies()
constraints.reload_constraints()
sys.argv = sys.argv[2:]
runpy.run_path(sys.argv[0], run_name="__main__")
'

# Builds the three rings as "swift-ring-builder NAME.builder create 10 1 1; add
# r1z1-127.0.0.1:PORT/d1 100; rebalance" would, in one process (each swift-ring-builder call pays
# about a second of imports), and prints the version of the swift module:
# python3 rings.py DIR/etc account=PORT container=PORT object=PORT
RINGS_PY='import sys
import swift
from swift.common.ring import RingBuilder
for spec in sys.argv[2:]:
    name, port = spec.split("=")
    builder = RingBuilder(10, 1, 1)
    builder.add_dev({"region": 1, "zone": 1, "ip": "127.0.0.1", "port": int(port),
                     "replication_ip": "127.0.0.1", "replication_port": int(port),
                     "device": "d1", "weight": 100, "meta": ""})
    builder.rebalance()
    builder.get_ring().save("%s/%s.ring.gz" % (sys.argv[1], name))
    builder.save("%s/%s.builder" % (sys.argv[1], name))
print(swift.__version__)
'

# Stops every server of DIR at once: a server that has exited stays a zombie until PID 1 reaps it
# (a second or two here), and stop_pid waits for that; one after the other, that adds up.
stop_all() {
  local dir=$1 name
  for name in "${SERVERS[@]}"; do
    { stop_pid "$dir/run/$name.pid" 10 || true; } &
  done
  wait
}

# start_bg NAME COMMAND...: runs COMMAND in its own session, output to log/NAME.log, PID to run/.
start_bg() {
  local name=$1
  shift
  setsid "$@" </dev/null >"$DIR/log/$name.log" 2>&1 &
  echo $! >"$DIR/run/$name.pid"
}


# Fails when a server has already exited.
check_alive() {
  local name pid
  for name in "${SERVERS[@]}"; do
    pid=$(cat "$DIR/run/$name.pid" 2>/dev/null || true)
    if [ -z "$pid" ] || ! alive "$pid"; then
      fail_with_log "$name exited" "$DIR/log/$name.log" || return 1
    fi
  done
}

write_server_conf() { # NAME PORT
  cat >"$DIR/etc/$1-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $2
workers = 0
user = $RUN_USER
swift_dir = $DIR/etc
devices = $DIR/srv
mount_check = false
log_level = INFO
log_name = $1-server

[pipeline:main]
pipeline = $1-server

[app:$1-server]
use = egg:swift#$1
EOF
}


start() {
  DIR=$1
  local t0=$EPOCHREALTIME name port status bucket i
  local spec
  for spec in "${PACKAGES[@]}"; do
    [ "$(installed_version "${spec%%=*}")" = "${spec#*=}" ] ||
      { echo "swift is not installed at the pinned versions: run $0 install" >&2; exit 1; }
  done
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd)
  stop_all "$DIR"
  rm -rf "$DIR/etc" "$DIR/srv" "$DIR/run" "$DIR/log" "$DIR/store.properties" "$DIR/store.properties.tmp"
  mkdir -p "$DIR/etc" "$DIR/srv/d1" "$DIR/run" "$DIR/log"
  RUN_USER=$(id -un)

  STARTED_OK=0
  trap 'if [ "$STARTED_OK" != 1 ]; then stop_all "$DIR"; fi' EXIT

  # Five distinct free ports.
  declare -A PORT=()
  local used=" "
  for name in "${SERVERS[@]}"; do
    for i in 1 2 3 4 5 6 7 8 9 10; do
      port=$(free_port)
      case "$used" in *" $port "*) continue ;; esac
      break
    done
    PORT[$name]=$port
    used="$used$port "
  done

  cat >"$DIR/etc/swift.conf" <<EOF
[swift-hash]
swift_hash_path_prefix = unipart-prefix
swift_hash_path_suffix = unipart-suffix

[storage-policy:0]
name = Policy-0
default = yes

[swift-constraints]
EOF
  write_server_conf account "${PORT[account]}"
  write_server_conf container "${PORT[container]}"
  write_server_conf object "${PORT[object]}"
  # Without an object updater, a container update that times out is never made good.
  printf 'container_update_timeout = 10\n' >>"$DIR/etc/object-server.conf"

  cat >"$DIR/etc/proxy-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${PORT[proxy]}
workers = 0
user = $RUN_USER
swift_dir = $DIR/etc
log_level = INFO
log_name = proxy-server

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl s3api tempauth copy container-quotas account-quotas slo dlo versioned_writes symlink proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:${PORT[memcached]}

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:bulk]
use = egg:swift#bulk

[filter:tempurl]
use = egg:swift#tempurl

[filter:s3api]
use = egg:swift#s3api
location = $REGION
allow_multipart_uploads = true

[filter:tempauth]
use = egg:swift#tempauth
user_${ACCOUNT}_${USER_NAME} = $SECRET .admin

[filter:copy]
use = egg:swift#copy

[filter:container-quotas]
use = egg:swift#container_quotas

[filter:account-quotas]
use = egg:swift#account_quotas

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo

[filter:versioned_writes]
use = egg:swift#versioned_writes

[filter:symlink]
use = egg:swift#symlink
EOF

  printf '%s' "$LAUNCH_PY" >"$DIR/etc/launch.py"
  printf '%s' "$RINGS_PY" >"$DIR/etc/rings.py"
  local version
  if ! version=$("$PYTHON" "$DIR/etc/rings.py" "$DIR/etc" "account=${PORT[account]}" \
    "container=${PORT[container]}" "object=${PORT[object]}" 2>"$DIR/log/rings.log"); then
    fail_with_log "building the rings failed" "$DIR/log/rings.log" || exit 1
  fi

  local memcached_user=()
  [ "$(id -u)" -ne 0 ] || memcached_user=(-u root)
  start_bg memcached memcached -l 127.0.0.1 -p "${PORT[memcached]}" -U 0 -m 64 "${memcached_user[@]}"
  for name in account container object proxy; do
    start_bg "$name" "$PYTHON" "$DIR/etc/launch.py" "$DIR/etc" "/usr/bin/swift-$name-server" \
      "$DIR/etc/$name-server.conf" -v
  done

  local endpoint="http://127.0.0.1:${PORT[proxy]}" deadline=$((SECONDS + START_TIMEOUT))
  status=0
  while :; do
    check_alive || exit 1
    status=$(s3call GET "$endpoint/" 2>"$DIR/log/probe.log" || true)
    [ "$status" != 200 ] || break
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail_with_log "no 200 from a signed ListBuckets within ${START_TIMEOUT}s (last: $status)" \
        "$DIR/log/probe.log" "$DIR/log/proxy.log" "$DIR/log/account.log" || exit 1
    fi
    sleep 0.1
  done

  local buckets
  IFS=, read -r -a buckets <<<"${STORE_BUCKETS:-}"
  for bucket in "${buckets[@]}"; do
    bucket=${bucket// /}
    [ -n "$bucket" ] || continue
    status=$(s3call PUT "$endpoint/$bucket" 2>"$DIR/log/probe.log" || true)
    if [ "$status" != 200 ]; then
      fail_with_log "creating bucket $bucket answered $status" \
        "$DIR/log/probe.log" "$DIR/log/proxy.log" || exit 1
    fi
  done

  write_properties "$DIR" name=swift version="$version" endpoint="$endpoint" region="$REGION" \
    accessKey="$ACCOUNT:$USER_NAME" secretKey="$SECRET" pathStyle=true \
    log="$DIR/log/proxy.log"
  STARTED_OK=1
  trap - EXIT
  printf 'swift %s ready in %s s: %s\n' "$version" "$(elapsed "$t0")" "$endpoint"
}

stop() {
  local dir=$1
  [ -d "$dir" ] || return 0
  stop_all "$dir"
}

case "${1:-}" in
  install) [ $# -eq 1 ] || usage; install ;;
  start) [ $# -eq 2 ] || usage; start "$2" ;;
  stop) [ $# -eq 2 ] || usage; stop "$2" ;;
  *) usage ;;
esac
