#!/usr/bin/env bash
# Adobe S3Mock 5.2.0 (com.adobe.testing:s3mock:5.2.0:jar:exec from Maven Central), a Spring Boot
# server speaking S3, with all its state under one folder of the caller's.
#
#   stores/s3mock.sh install     fetches the jar with Maven into the cache folder
#                                (${UNIPART_STORE_CACHE:-$HOME/.cache/unipart-stores}) and checks its
#                                SHA-256 against the one pinned below; exits 0 at once when the
#                                cached jar is already there and matches
#   stores/s3mock.sh start DIR   wipes what a previous start left in DIR, starts S3Mock in the
#                                background (data under DIR/data, log DIR/log/s3mock.log, PID under
#                                DIR/run), waits until both its http and https connectors answer,
#                                saves the certificate its https connector serves as DIR/ca.pem, then
#                                writes DIR/store.properties (name, version, endpoint, httpsEndpoint,
#                                caBundle, region, accessKey, secretKey, pathStyle, log) and prints
#                                one "ready" line. On failure it prints the end of the log, stops
#                                what it started, exits non-zero.
#   stores/s3mock.sh stop DIR    stops the server DIR/run's PID file names; exit 0 when none runs
#
# Environment: STORE_BUCKETS=a,b,c   buckets S3Mock creates at start (none by default).
#
# Traps handled here:
# - maven-dependency-plugin is named with an explicit version: the default one Maven picks is old.
# - --http.port is the plain-http connector and --server.port the https one; the http connector
#   binds every interface (only its port is ours), the https one 127.0.0.1 (--server.address).
# - Its self-signed certificate names DNS:localhost only: https://127.0.0.1 fails host name
#   verification even with DIR/ca.pem trusted; https://localhost:PORT passes.
# - S3Mock checks no credentials: the keys written are fixed placeholders.
# - Tomcat's work folders go to java.io.tmpdir: pointed at DIR/tmp so that DIR holds everything.
# - An exited server stays a zombie until PID 1 reaps it (a second or two here): the liveness
#   check looks at the process state; stop waits for the reaping.
set -euo pipefail
set +m # the background server stays out of job control: setsid then runs in place, $! is its PID

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

VERSION=5.2.0
ARTIFACT=com.adobe.testing:s3mock:$VERSION:jar:exec
JAR_SHA256=dd7c192fef0005374dec507317ae946eaa5beeffeb4e901d8b97f7fd2ddfb741
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
CACHE=${UNIPART_STORE_CACHE:-$HOME/.cache/unipart-stores}
JAR=$CACHE/s3mock-$VERSION-exec.jar
JAVA_OPTS=(-Xmx384m -XX:+UseSerialGC)
REGION=us-east-1
ACCESS_KEY=s3mock-access
SECRET_KEY=s3mock-secret
START_TIMEOUT=120

usage() {
  echo "usage: $0 install | start DIR | stop DIR" >&2
  exit 2
}

installed() {
  [ -f "$JAR" ] && [ "$(sha256sum "$JAR" | cut -d' ' -f1)" = "$JAR_SHA256" ]
}

install() {
  if installed; then
    return 0
  fi
  mkdir -p "$CACHE"
  local tmp got
  tmp=$(mktemp -d "$CACHE/s3mock-install.XXXXXX")
  # Run from the temporary folder: inside a project, Maven would run the goal over its modules.
  if ! (cd "$tmp" && mvn -B -q -ntp "$DEPENDENCY_PLUGIN:copy" -Dartifact="$ARTIFACT" -DoutputDirectory="$tmp" \
    -Dmdep.overWriteReleases=true >"$tmp/mvn.log" 2>&1); then
    echo "s3mock install: Maven could not fetch $ARTIFACT:" >&2
    tail -n 30 "$tmp/mvn.log" >&2
    rm -rf "$tmp"
    exit 1
  fi
  got=$(sha256sum "$tmp/s3mock-$VERSION-exec.jar" | cut -d' ' -f1)
  if [ "$got" != "$JAR_SHA256" ]; then
    echo "s3mock install: SHA-256 of $ARTIFACT is $got, pinned $JAR_SHA256" >&2
    rm -rf "$tmp"
    exit 1
  fi
  mv -f "$tmp/s3mock-$VERSION-exec.jar" "$JAR"
  rm -rf "$tmp"
  echo "installed $JAR"
}



stop() {
  local dir=$1
  [ -d "$dir" ] || return 0
  stop_pid "$dir/run/s3mock.pid" 20 || true
}

start() {
  DIR=$1
  local t0=$EPOCHREALTIME
  installed || { echo "s3mock is not installed (or its jar does not match): run $0 install" >&2; exit 1; }
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd)
  stop "$DIR"
  rm -rf "$DIR/data" "$DIR/run" "$DIR/log" "$DIR/tmp" "$DIR/ca.pem" "$DIR/store.properties" \
    "$DIR/store.properties.tmp"
  mkdir -p "$DIR/run" "$DIR/log" "$DIR/tmp"
  LOG=$DIR/log/s3mock.log

  STARTED_OK=0
  trap 'if [ "$STARTED_OK" != 1 ]; then stop "$DIR"; fi' EXIT

  local port https_port i
  port=$(free_port)
  for i in 1 2 3 4 5 6 7 8 9 10; do
    https_port=$(free_port)
    [ "$https_port" = "$port" ] || break
  done

  local args=(
    --http.port="$port"
    --server.port="$https_port"
    --server.address=127.0.0.1
    --com.adobe.testing.s3mock.store.root="$DIR/data"
    --com.adobe.testing.s3mock.store.region="$REGION"
    --spring.main.banner-mode=off
  )
  if [ -n "${STORE_BUCKETS:-}" ]; then
    args+=(--com.adobe.testing.s3mock.store.initial-buckets="${STORE_BUCKETS// /}")
  fi
  setsid java "${JAVA_OPTS[@]}" -Djava.io.tmpdir="$DIR/tmp" -jar "$JAR" "${args[@]}" \
    </dev/null >"$LOG" 2>&1 &
  local pid=$!
  echo "$pid" >"$DIR/run/s3mock.pid"

  # S3Mock's own certificate names only localhost (not 127.0.0.1): https goes by that name.
  local endpoint="http://127.0.0.1:$port" https_endpoint="https://localhost:$https_port"
  local deadline=$((SECONDS + START_TIMEOUT)) status errors=0
  while :; do
    if ! alive "$pid"; then
      fail_with_log "s3mock exited" "$LOG" || exit 1
    fi
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$endpoint/" || true)
    # Its store is set up lazily by the first request: one that cannot be answers 500 for good.
    case "$status" in 5*) errors=$((errors + 1)) ;; *) errors=0 ;; esac
    if [ "$errors" -ge 5 ]; then
      fail_with_log "ListBuckets answered $status five times running" "$LOG" || exit 1
    fi
    if [ "$status" = 200 ]; then
      status=$(curl -s -k -o /dev/null -w '%{http_code}' --max-time 5 "$https_endpoint/" || true)
      [ "$status" != 200 ] || break
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail_with_log "no 200 from ListBuckets on http and https within ${START_TIMEOUT}s" "$LOG" ||
        exit 1
    fi
    sleep 0.2
  done

  # The certificate the https connector serves (self-signed, so it is its own CA).
  local ca=""
  if command -v openssl >/dev/null 2>&1; then
    openssl s_client -connect "127.0.0.1:$https_port" -showcerts </dev/null 2>/dev/null |
      sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' >"$DIR/ca.pem.tmp" || true
    if [ -s "$DIR/ca.pem.tmp" ] && openssl x509 -in "$DIR/ca.pem.tmp" -noout 2>/dev/null; then
      mv -f "$DIR/ca.pem.tmp" "$DIR/ca.pem"
      ca=$DIR/ca.pem
    else
      rm -f "$DIR/ca.pem.tmp"
    fi
  fi

  write_properties "$DIR" name=s3mock version="$VERSION" endpoint="$endpoint" \
    httpsEndpoint="$https_endpoint" caBundle="$ca" region="$REGION" accessKey="$ACCESS_KEY" \
    secretKey="$SECRET_KEY" pathStyle=true log="$LOG"
  STARTED_OK=1
  trap - EXIT
  printf 's3mock %s ready in %s s: %s\n' "$VERSION" "$(elapsed "$t0")" "$endpoint"
}

case "${1:-}" in
  install) [ $# -eq 1 ] || usage; install ;;
  start) [ $# -eq 2 ] || usage; start "$2" ;;
  stop) [ $# -eq 2 ] || usage; stop "$2" ;;
  *) usage ;;
esac
