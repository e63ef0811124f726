#!/usr/bin/env bash
# Client-bound upload throughput and CPU per GiB (issue 19): each side uploads the same file to
# the sink (SinkServer, its own JVM, http and https), every run in a fresh JVM, the sides
# alternating within each round so drift hits all alike.
#
#   mvn -B -ntp -q -DskipTests install
#   mvn -B -ntp -q -Pbenchmarks -pl benchmarks -am install -DskipTests
#   benchmarks/sink-bench.sh [runs] [size-MiB] [part-MiB] [concurrencies] [sides] [schemes] [warmups]
#       defaults: 5 runs, 1024 MiB, 8 MiB parts, "1 4 16",
#                 "unipart floor aws-java aws-crt minio cos", "http https", 0
#
# warmups: uploads each run makes first, unmeasured, in its JVM (0: a fresh JVM's upload is
# measured; 2: a warmed-up process's, classes loaded and hot code compiled).
#
# Prints every run's line, then per scheme, concurrency and side the median MiB/s and CPU s/GiB
# and the ratios the issue sets targets for.
#
# A side written side@path/to/benchmarks.jar runs that side from another build (say, the
# commit before a change), labelled side@<file name without .jar>, for A/B runs in one round.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
runs="${1:-5}" size="${2:-1024}" part="${3:-8}" concs="${4:-1 4 16}"
sides="${5:-unipart floor aws-java aws-crt minio cos}" schemes="${6:-http https}" warmups="${7:-0}"
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -q -Pbenchmarks -pl benchmarks -am install -DskipTests" >&2; exit 1; }

. "$here/sinks.sh"

file="$work/upload.bin"
head -c "$((size * 1048576))" /dev/urandom > "$file"
cat "$file" > /dev/null   # in the page cache for every side alike
echo "# $size MiB, $part MiB parts, concurrency $concs, runs $runs, warmups $warmups, $(nproc) cores," \
  "$(java -version 2>&1 | head -1), $(uname -r)"
for i in $(seq 1 "$runs"); do
  for scheme in $schemes; do
    for conc in $concs; do
      for spec in $sides; do
        side="${spec%%@*}" runjar="$jar" label="$spec"
        if [ "$spec" != "$side" ]; then
          runjar="${spec#*@}" label="$side@$(basename "$runjar" .jar)"
        fi
        line="$(java -Xmx1g -Djavax.net.ssl.trustStore="$work/trust.p12" \
          -Djavax.net.ssl.trustStorePassword=changeit -cp "$runjar" io.unipart.benchmarks.SinkRun \
          "$side" "${endpoint[$scheme]}" "$file" "$part" "$conc" "$warmups" 2>"$work/err" | tail -1)" || true
        if [ -z "$line" ]; then
          line="$side scheme=$scheme concurrency=$conc FAILED: $(tail -1 "$work/err")"
        fi
        line="$label${line#"$side"}"
        echo "run $i: $line" | tee -a "$work/results"
      done
    done
  done
done

echo
echo "# medians (MiB/s, CPU s/GiB) per scheme, concurrency and side"
"$here/sink-medians.sh" "$work/results"
