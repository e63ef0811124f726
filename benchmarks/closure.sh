#!/usr/bin/env bash
# Prints the runtime classpath Maven resolves for one dependency line on its own (no exclusions,
# nothing else on the classpath), as a user's build would get it.
#
#   benchmarks/closure.sh group artifact version
# Used by footprint.sh and cold-start.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
plugin_version="$(sed -n 's:.*<dependency-plugin.version>\(.*\)</dependency-plugin.version>.*:\1:p' "$root/pom.xml")"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cat > "$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>footprint</groupId><artifactId>$2-closure</artifactId><version>1</version>
  <dependencies><dependency>
    <groupId>$1</groupId><artifactId>$2</artifactId><version>$3</version>
  </dependency></dependencies>
</project>
POM
mvn -B -ntp -q -f "$dir/pom.xml" \
  "org.apache.maven.plugins:maven-dependency-plugin:$plugin_version:build-classpath" \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$dir/cp.txt" >&2
cat "$dir/cp.txt"
