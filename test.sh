#!/usr/bin/env bash
# Runs every test in Approvals.sln against its own PostgreSQL databases (never the demo one)
# and ends with the line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
source scripts/postgres.sh

# poppler-utils: pdfsig checks the signature of a signed decision document in a test.
# gdal-bin: the export tests open the exported GeoJSON and Shapefile with ogrinfo, as a GIS user would.
ensure_packages fonts-noto-cjk fonts-droid-fallback fonts-dejavu-core poppler-utils chromium gdal-bin
start_cluster
# Each test class makes its own databases from this connection (the role may create databases).
export APPROVALS_TEST_DB="$(connection_string postgres)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

results=TestResults
rm -rf "$results"
dotnet build Approvals.sln -nologo -v q -warnaserror
status=0
dotnet test Approvals.sln --no-build -nologo -v q --logger trx --results-directory "$results" "$@" || status=$?

passed=0; failed=0; total_files=0
for f in "$results"/*.trx; do
  [ -e "$f" ] || continue
  total_files=$((total_files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$f")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  fl=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${fl:-0}))
done
if [ "$total_files" -eq 0 ] && [ "$status" -ne 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
