#!/usr/bin/env bash
# Builds the complete pom.xml files the docs give (README "Add it to your build", docs/TESTING.md),
# copied out of the docs as a reader would, on stock Maven against the unipart artifacts installed
# in the local repository (run `mvn -B -ntp install -DskipTests` first). A doc that rots fails:
# a pom that does not build, or a kit test that does not run.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/snippets
rm -rf "$out"
mkdir -p "$out"
java .ci/snippets/Snippets.java "$out" README.md docs/TESTING.md

for project in app kit; do
  echo "== $project (from the docs)"
  (cd "$out/$project" && mvn -B -ntp -q verify)
done

# Stock Surefire finding no JUnit 5 test reports success: the kit's test must have run.
report="$out/kit/target/surefire-reports/TEST-com.example.UploadTest.xml"
if [ ! -f "$report" ] || ! grep -q 'tests="1"' "$report" || grep -q 'failures="[1-9]' "$report"; then
  echo "the test kit snippet's test did not run and pass (see $report)" >&2
  exit 1
fi
echo "snippets from the docs build, and the kit's test ran"
