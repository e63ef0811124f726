#!/usr/bin/env bash
# Medians of sink runs: reads SinkRun lines ("run N: side scheme=.. concurrency=.. MiBps=..
# cpuSecondsPerGiB=.. rcharPerByte=..") from the files given, or stdin, and prints per scheme,
# concurrency and side the median MiB/s, CPU s/GiB and reads per byte. Failed runs are left out.
#
#   benchmarks/sink-medians.sh results.txt
#   grep -h '^run' a.txt b.txt | benchmarks/sink-medians.sh
set -euo pipefail
grep -h '^run' "$@" | awk '
  / FAILED/ { next }
  { side=$3; for (i=4; i<=NF; i++) { split($i, kv, "="); v[kv[1]]=kv[2] }
    k=v["scheme"] " " v["concurrency"] " " side; n[k]++; t[k, n[k]]=v["MiBps"];
    c[k, n[k]]=v["cpuSecondsPerGiB"]; r[k, n[k]]=v["rcharPerByte"] }
  function med(a, k, m,   i, j, x, s) { for (i=1; i<=m; i++) s[i]=a[k, i];
    for (i=1; i<=m; i++) for (j=i+1; j<=m; j++) if (s[j] < s[i]) { x=s[i]; s[i]=s[j]; s[j]=x }
    return (m % 2) ? s[(m+1)/2] : (s[m/2] + s[m/2+1]) / 2 }
  END { for (k in n) printf "%s MiBps=%.1f cpuPerGiB=%.2f rcharPerByte=%.2f runs=%d\n", k,
          med(t, k, n[k]), med(c, k, n[k]), med(r, k, n[k]), n[k] }' | sort -k1,1 -k2,2n -k3,3
