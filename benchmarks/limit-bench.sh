#!/usr/bin/env bash
# Bandwidth limit accuracy (issue 30): one upload paced by BandwidthLimit to the sink, and the
# rate the sink received in a 10 s window in the middle of it (its byte count read at the
# window's two ends), so start-up, TLS handshakes and the last parts' tail are left out.
#
#   mvn -B -ntp -q -Pbenchmarks -pl benchmarks -am package -DskipTests
#   benchmarks/limit-bench.sh [runs] [MiB/s] [size-MiB] [concurrency] [schemes]
#       defaults: 3 runs, 50 MiB/s, 1024 MiB, 4, "http https"
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
runs="${1:-3}" rate="${2:-50}" size="${3:-1024}" conc="${4:-4}" schemes="${5:-http https}"
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -q -Pbenchmarks -pl benchmarks -am package -DskipTests" >&2; exit 1; }
. "$here/sinks.sh"
file="$work/upload.bin"
head -c "$((size * 1048576))" /dev/urandom > "$file"
stats() {  # the sink's count of body bytes, over plain http from curl (https: the sink's cert)
  curl -s --cacert "$work/sink.pem" "${endpoint[$1]}/_stats" | tr -dc '0-9'
}
echo "# limit $rate MiB/s, $size MiB, concurrency $conc, runs $runs, 10 s window from 4 s in," \
  "$(nproc) cores, $(java -version 2>&1 | head -1)"
for i in $(seq 1 "$runs"); do
  for scheme in $schemes; do
    java -Xmx1g -Djavax.net.ssl.trustStore="$work/trust.p12" \
      -Djavax.net.ssl.trustStorePassword=changeit -cp "$jar" io.unipart.benchmarks.SinkRun \
      "unipart-limit-$rate" "${endpoint[$scheme]}" "$file" 8 "$conc" 0 > "$work/run" 2>&1 &
    run=$!
    sleep 4
    a="$(stats "$scheme")"; ta="$(date +%s.%N)"
    sleep 10
    b="$(stats "$scheme")"; tb="$(date +%s.%N)"
    wait "$run" || true
    whole="$(tail -1 "$work/run" | grep -o 'MiBps=[0-9.]*' || echo 'MiBps=FAILED')"
    awk -v a="$a" -v b="$b" -v ta="$ta" -v tb="$tb" -v r="$rate" -v s="$scheme" -v i="$i" \
      -v w="$whole" 'BEGIN { m = (b - a) / 1048576 / (tb - ta);
        printf "run %d: %s window=%.2fs windowMiBps=%.2f off=%+.1f%% whole-upload %s\n",
          i, s, tb - ta, m, (m / r - 1) * 100, w }'
  done
done
