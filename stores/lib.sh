#!/usr/bin/env bash
# Shared by the store scripts (sourced, not run): ports, waiting, the properties file a store
# leaves for the tests, and stopping by PID. Nothing here installs anything.

# Prints a TCP port on 127.0.0.1 that nothing listens on now, below the kernel's ephemeral range
# (where outgoing connections and ServerSocket(0) take theirs, and would race us for it):
# random in 20000 up to that range's start (32768 by default).
free_port() {
  local p i low
  low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "$low" -gt 21000 ] || low=32768
  for i in $(seq 1 200); do
    p=$((20000 + RANDOM % (low - 20000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# wait_http URL SECONDS [curl options...]: waits until URL answers any HTTP status.
wait_http() {
  local url=$1 seconds=$2 deadline
  shift 2
  deadline=$((SECONDS + seconds))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if curl -s -o /dev/null --max-time 2 "$@" "$url"; then
      return 0
    fi
    sleep 0.2
  done
  return 1
}

# write_properties DIR KEY=VALUE...: writes DIR/store.properties, the tests' description of the
# running store, whole or not at all (a temporary file, then a rename). Empty values are left out.
write_properties() {
  local dir=$1 pair tmp
  shift
  tmp=$dir/store.properties.tmp
  : >"$tmp"
  for pair in "$@"; do
    [ -z "${pair#*=}" ] || printf '%s\n' "$pair" >>"$tmp"
  done
  mv -f "$tmp" "$dir/store.properties"
}

# elapsed T0: seconds since T0 (an $EPOCHREALTIME), one decimal.
elapsed() {
  local us=$((${EPOCHREALTIME//[.,]/} - ${1//[.,]/}))
  printf '%d.%d' $((us / 1000000)) $((us % 1000000 / 100000))
}

# alive PID: whether the process runs. A zombie does not: here PID 1 reaps orphans only every
# couple of seconds, and kill -0 still succeeds on an exited process until then.
alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ "$state" != "Z" ]
}

# stop_pid FILE [SECONDS]: TERM the process whose PID the file holds, KILL it after SECONDS (5).
stop_pid() {
  local file=$1 wait=${2:-5} pid i
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if [ -n "$pid" ] && alive "$pid"; then
    kill "$pid" 2>/dev/null
    for i in $(seq 1 $((wait * 10))); do
      alive "$pid" || break
      sleep 0.1
    done
    alive "$pid" && kill -9 "$pid" 2>/dev/null
  fi
  rm -f "$file"
}

# fail_with_log MESSAGE LOGFILE...: says why a store did not start, with the end of its logs.
fail_with_log() {
  local message=$1 f
  shift
  echo "store did not start: $message" >&2
  for f in "$@"; do
    [ -f "$f" ] || continue
    echo "--- last lines of $f" >&2
    tail -n 40 "$f" >&2
  done
  return 1
}

# installed_version PKG: the version dpkg has installed, or nothing.
installed_version() {
  dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null |
    awk '$1 == "install" && $3 == "installed" { print $4 }'
}

# apt_install_pinned SPEC...: installs each SPEC (pkg=version, or pkg for any version) that is not
# there as asked, with --no-install-recommends; does nothing (no apt-get update) when all are. A
# policy-rc.d answering 101 keeps the packages' scripts from starting services on their default
# ports during the install; one already there is put back. Waits for another apt-get's lock.
# Fails with `apt-cache policy` of the packages when a pinned version is gone from the archive.
apt_install_pinned() {
  local missing=() spec pkg want have sudo="" rc=0 log
  for spec in "$@"; do
    pkg=${spec%%=*}
    want=${spec#*=}
    have=$(installed_version "$pkg")
    if [ -z "$have" ] || { [ "$spec" != "$pkg" ] && [ "$have" != "$want" ]; }; then
      missing+=("$spec")
    fi
  done
  [ "${#missing[@]}" -gt 0 ] || return 0
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "installing needs root or sudo" >&2; return 1; }
    sudo="sudo -n"
  fi
  echo "installing: ${missing[*]}" >&2
  log=$(mktemp /tmp/unipart-apt.XXXXXX.log)
  local policy=/usr/sbin/policy-rc.d saved=/usr/sbin/policy-rc.d.unipart-saved
  if [ -e "$policy" ] && [ ! -e "$saved" ]; then
    $sudo mv -f "$policy" "$saved"
  fi
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
  {
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq &&
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
        --no-install-recommends --allow-downgrades "${missing[@]}"
  } >"$log" 2>&1 || rc=$?
  $sudo rm -f "$policy"
  if [ -e "$saved" ]; then
    $sudo mv -f "$saved" "$policy"
  fi
  if [ "$rc" -ne 0 ]; then
    echo "install failed (${missing[*]}); apt-cache policy says:" >&2
    apt-cache policy "${missing[@]%%=*}" >&2 || true
    tail -n 30 "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}
