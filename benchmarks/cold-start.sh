#!/usr/bin/env bash
# Cold start: a fresh JVM from main to the first completed initiate, unipart vs AWS SDK v2,
# against the loopback server, alternating the two so drift hits both alike.
#
#   mvn -B -ntp -q -Pbenchmarks -pl benchmarks -am install -DskipTests
#   mvn -B -ntp -q -DskipTests install     # this build's sdk-s3 into ~/.m2
#   benchmarks/cold-start.sh [runs]          # default 20 runs of each
#
# Prints, per side, the median and mean of (a) milliseconds from entering main to the upload id
# (measured inside the JVM) and (b) the whole process's wall time (JVM boot and exit included).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
runs="${1:-20}"
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -q -Pbenchmarks -pl benchmarks -am install -DskipTests" >&2; exit 1; }

root="$(cd "$here/.." && pwd)"
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -1; }
version="$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml")"
# Each side runs on its own SDK's runtime closure (as a user's application would), plus the two
# tiny main classes; the loopback server runs from the benchmarks jar.
classes="$here/target/classes"
cp_unipart="$classes:$("$here/closure.sh" io.unipart sdk-s3 "$version")"
cp_aws="$classes:$("$here/closure.sh" software.amazon.awssdk s3 "$(prop awssdk.version)")"

out="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$out"' EXIT
java -cp "$jar" io.unipart.benchmarks.LoopbackServer 0 > "$out/endpoint" &
server=$!
for _ in $(seq 1 100); do [ -s "$out/endpoint" ] && break; sleep 0.1; done
endpoint="$(head -1 "$out/endpoint")"
[ -n "$endpoint" ] || { echo "the loopback server did not start" >&2; exit 1; }

for i in $(seq 1 "$runs"); do
  for side in unipart aws; do
    class=io.unipart.benchmarks.ColdStartUnipart cp="$cp_unipart"
    [ "$side" = aws ] && class=io.unipart.benchmarks.ColdStartAws cp="$cp_aws"
    t0=$(date +%s%N)
    line="$(java -cp "$cp" "$class" "$endpoint" 2>/dev/null)"
    t1=$(date +%s%N)
    set -- $line
    [ "$1" = "$side" ] && [ -n "${3:-}" ] || { echo "unexpected output: $line" >&2; exit 1; }
    echo "$side $2 $(( (t1 - t0) / 1000000 ))" >> "$out/results"
  done
done

stats() { # side column
  awk -v s="$1" -v c="$2" '$1 == s { print $c }' "$out/results" | sort -n |
    awk '{ v[NR] = $1; t += $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
           printf "median %6.1f ms  mean %6.1f ms", m, t / NR }'
}
echo "runs per side: $runs, $(java -version 2>&1 | head -1), $(nproc) cpus"
for side in unipart aws; do
  printf '%-8s main-to-initiate: %s   whole process: %s\n' "$side" "$(stats $side 2)" "$(stats $side 3)"
done
