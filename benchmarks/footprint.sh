#!/usr/bin/env bash
# Footprint: the runtime jar closure a user's build pulls in for one dependency line, as Maven
# resolves it on its own (no exclusions): unipart sdk-s3 vs AWS SDK v2 s3, sdk-cos vs cos_api.
#
#   mvn -B -ntp -q -DskipTests install      # puts this build's sdk-s3 and sdk-cos in ~/.m2
#   benchmarks/footprint.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -1; }
unipart="$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml")"
aws="$(prop awssdk.version)"
cos="$(prop cos.version)"

# closure group artifact version -> "jars bytes"
closure() {
  local cp
  cp="$("$root/benchmarks/closure.sh" "$1" "$2" "$3")"
  tr ':' '\n' <<< "$cp" | grep -c . | tr '\n' ' '
  tr ':' '\n' <<< "$cp" | grep . | xargs stat -c %s | awk '{ t += $1 } END { print t }'
}

row() { # label jars bytes
  printf '%-38s %4d jars %10.2f MiB\n' "$1" "$2" "$(echo "$3" | awk '{ print $1 / 1048576 }')"
}
read -r s3j s3b <<< "$(closure io.unipart sdk-s3 "$unipart")"
read -r awsj awsb <<< "$(closure software.amazon.awssdk s3 "$aws")"
read -r cosj cosb <<< "$(closure io.unipart sdk-cos "$unipart")"
read -r tcj tcb <<< "$(closure com.qcloud cos_api "$cos")"
row "io.unipart:sdk-s3:$unipart" "$s3j" "$s3b"
row "software.amazon.awssdk:s3:$aws" "$awsj" "$awsb"
row "io.unipart:sdk-cos:$unipart" "$cosj" "$cosb"
row "com.qcloud:cos_api:$cos" "$tcj" "$tcb"
awk -v a="$s3b" -v b="$awsb" -v c="$cosb" -v d="$tcb" \
  'BEGIN { printf "sdk-s3 / AWS s3: %.3f   sdk-cos / cos_api: %.3f\n", a / b, c / d }'
