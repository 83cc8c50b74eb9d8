#!/usr/bin/env bash
# Runs Approvals with demo data on http://127.0.0.1:5080. Safe to run again: it reuses the
# cluster under .data/ and the data in it. Set APPROVALS_DB to use an existing database instead.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/postgres.sh

# fonts-droid-fallback and fonts-dejavu-core: the faces decision documents and report PDFs embed.
ensure_packages fonts-noto-cjk fonts-droid-fallback fonts-dejavu-core openssl
if [ -z "${APPROVALS_DB:-}" ]; then
  start_cluster
  ensure_database approvals
  export APPROVALS_DB="$(connection_string approvals)"
fi

say "Building…"
for project in Web Cli; do
  out=".data/bin/$(tr '[:upper:]' '[:lower:]' <<<"$project")"
  dotnet publish "src/Approvals.$project/Approvals.$project.csproj" -c Release -nologo -v q -o "$out" > .data/build.log 2>&1 \
    || { cat .data/build.log >&2; say "The build failed (above)."; exit 1; }
done

approvals() { dotnet .data/bin/cli/approvals.dll "$@"; }
approvals migrate
approvals seed-demo
# Synthetic base maps for the 15 categories over the demo counties, loaded once (a province imports
# its real layers with `approvals basemap import`).
approvals basemap list > .data/basemaps.txt
if grep -q "(no data)" .data/basemaps.txt; then
  say "Loading demo base maps (20,000 synthetic features)…"
  approvals basemap generate --seed 1 --features 20000 >/dev/null
fi
# A year of generated case history (every stage, some late, paused, refused), so the dashboard and
# the inbox show something real at once; it adds nothing once cases exist.
approvals seed-demo --cases 3000

# The demo signs its decision documents with a self-signed certificate of its own (a province configures its real
# one the same way: Approvals:Signing:Path and :Password).
if [ -z "${Approvals__Signing__Path:-}" ]; then
  if [ ! -f .data/signing/demo-signing.pfx ]; then
    mkdir -p .data/signing
    openssl req -x509 -newkey rsa:3072 -sha256 -days 3650 -nodes -subj "/C=CN/O=Approvals demo/CN=Approvals demo signing" \
      -keyout .data/signing/demo-signing.key -out .data/signing/demo-signing.crt 2>/dev/null
    openssl pkcs12 -export -inkey .data/signing/demo-signing.key -in .data/signing/demo-signing.crt \
      -passout pass:demo-signing -out .data/signing/demo-signing.pfx
    rm .data/signing/demo-signing.key
  fi
  export Approvals__Signing__Path="$PWD/.data/signing/demo-signing.pfx" Approvals__Signing__Password="demo-signing"
fi

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
echo
echo "Approvals is starting on ${APPROVALS_URLS:-http://127.0.0.1:5080} (Ctrl+C stops it)"
cd .data/bin/web
exec dotnet Approvals.Web.dll --urls "${APPROVALS_URLS:-http://127.0.0.1:5080}" --contentRoot "$PWD"
