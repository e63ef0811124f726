# Sourced by the sink benchmarks: a key pair for the https sink (and a trust store with its
# certificate for the clients), then one SinkServer per scheme in $schemes, each in its own JVM.
# Needs $jar and $schemes; sets $work (removed on exit, the sinks stopped), $pids and
# ${endpoint[scheme]}.
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
keytool -genkeypair -alias sink -keyalg RSA -keysize 2048 -validity 2 -dname CN=127.0.0.1 \
  -ext SAN=ip:127.0.0.1 -storetype PKCS12 -keystore "$work/sink.p12" -storepass sink-bench \
  -keypass sink-bench >/dev/null 2>&1
keytool -exportcert -alias sink -keystore "$work/sink.p12" -storepass sink-bench -rfc \
  -file "$work/sink.pem" >/dev/null 2>&1
keytool -importcert -noprompt -alias sink -file "$work/sink.pem" -storetype PKCS12 \
  -keystore "$work/trust.p12" -storepass changeit >/dev/null 2>&1

declare -A endpoint
for scheme in $schemes; do
  if [ "$scheme" = https ]; then
    java -Xmx512m -cp "$jar" io.unipart.benchmarks.SinkServer 0 "$work/sink.p12" > "$work/$scheme" &
  else
    java -Xmx512m -cp "$jar" io.unipart.benchmarks.SinkServer 0 > "$work/$scheme" &
  fi
  pids+=($!)
  for _ in $(seq 1 100); do [ -s "$work/$scheme" ] && break; sleep 0.1; done
  endpoint[$scheme]="$(head -1 "$work/$scheme")"
done
