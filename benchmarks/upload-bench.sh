#!/usr/bin/env bash
# Whole-file upload to S3Proxy on loopback: unipart's MultipartUploader vs AWS SDK v2's
# S3TransferManager (multipart S3AsyncClient), same part size and concurrency, each run in a
# fresh JVM with the same heap limit, alternating the two sides.
#
#   mvn -B -ntp -q -DskipTests install
#   mvn -B -ntp -q -Pbenchmarks -pl benchmarks -am install -DskipTests
#   benchmarks/upload-bench.sh [runs] [size-MiB] [part-MiB] [concurrency] [heap]
#       defaults: 3 runs, 1024 MiB, 8 MiB parts, 4 at a time, -Xmx1g
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
s3proxy="$here/target/s3proxy/s3proxy.jar"
runs="${1:-3}" size="${2:-1024}" part="${3:-8}" conc="${4:-4}" heap="${5:-1g}"
[ -f "$jar" ] && [ -f "$s3proxy" ] || {
  echo "build first: mvn -B -ntp -q -Pbenchmarks -pl benchmarks -am install -DskipTests" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
file="$work/upload.bin"
# Random bytes (not a sparse file), so both sides read real data from the page cache.
head -c "$((size * 1048576))" /dev/urandom > "$file"
echo "# $size MiB, $part MiB parts, concurrency $conc, -Xmx$heap, $(nproc) cores, $(java -version 2>&1 | head -1)"
for i in $(seq 1 "$runs"); do
  for side in unipart aws; do
    java -Xmx"$heap" -cp "$jar" io.unipart.benchmarks.UploadRun "$side" "$s3proxy" "$file" \
      "$part" "$conc" 2>/dev/null | sed "s/^/run $i: /"
  done
done
