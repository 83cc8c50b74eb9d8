# Sourced by run.sh and test.sh: installs what is missing from Debian's packages and runs a
# project-local PostgreSQL + PostGIS cluster under .data/ (PostgreSQL refuses to run as root,
# so as root the cluster belongs to the postgres user).
set -euo pipefail

APPROVALS_ROOT="${APPROVALS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
PG_VERSION_WANTED=15
PGBIN="/usr/lib/postgresql/$PG_VERSION_WANTED/bin"
PGDATA="${APPROVALS_PGDATA:-$APPROVALS_ROOT/.data/pg}"
PGPORT="${APPROVALS_PGPORT:-5433}"
APP_DB_USER=approvals
APP_DB_PASSWORD="${APPROVALS_DB_PASSWORD:-approvals}"

say() { printf '%s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ensure_packages NAME...: installs the Debian packages not yet installed, with one apt-get update.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing ${missing[*]} (Debian packages)…"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# The socket lives in the data directory unless that path is too long for a Unix socket.
pg_socket_dir() {
  if [ ${#PGDATA} -lt 80 ]; then printf '%s' "$PGDATA"; else printf '/tmp'; fi
}

pg_superuser_psql() {
  as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$(pg_socket_dir)" -p "$PGPORT" -U postgres "$@"
}

# start_cluster: creates the cluster on first use, starts it if it is not running, and makes
# sure the application role exists and every new database gets PostGIS (via template1).
start_cluster() {
  ensure_packages "postgresql-$PG_VERSION_WANTED" "postgresql-$PG_VERSION_WANTED-postgis-3"
  mkdir -p "$(dirname "$PGDATA")"
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    say "Creating a PostgreSQL cluster in $PGDATA…"
    mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$PGDATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$(pg_socket_dir)'
max_connections = 200
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 256MB
CONF
  fi
  if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 start >/dev/null \
      || { say "PostgreSQL did not start; see $PGDATA/server.log"; tail -n 20 "$PGDATA/server.log" >&2; return 1; }
  fi
  pg_superuser_psql -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$APP_DB_USER') THEN
    CREATE ROLE $APP_DB_USER LOGIN CREATEDB PASSWORD '$APP_DB_PASSWORD';
  END IF;
END \$\$;
SQL
  pg_superuser_psql -d template1 -c "CREATE EXTENSION IF NOT EXISTS postgis;"
}

# ensure_database NAME: creates the database (owned by the application role) if it is missing.
ensure_database() {
  local name="$1"
  if [ -z "$(pg_superuser_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
    pg_superuser_psql -d postgres -c "CREATE DATABASE \"$name\" OWNER $APP_DB_USER;"
  fi
}

connection_string() {
  printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s' "$PGPORT" "$1" "$APP_DB_USER" "$APP_DB_PASSWORD"
}
