#!/usr/bin/env bash
# PostgreSQL for the integration tests (CI and local): idempotent.
#  - installs PostgreSQL from Debian packages when it is missing,
#  - starts the first cluster, listening on loopback only,
#  - creates the test role and database (password from RD_PG_PASSWORD, default for throwaway CI boxes),
#  - prints the line to use: TEST_DATABASE_URL_PG=postgres://...
# Usage: eval "$(server/scripts/ci-postgres.sh)"   (progress goes to stderr, only the export to stdout)
set -euo pipefail

ROLE="${RD_PG_ROLE:-rd}"
PASSWORD="${RD_PG_PASSWORD:-rd-test-only}"
DATABASE="${RD_PG_DATABASE:-rd_test}"
PORT="${RD_PG_PORT:-5432}"

log() { echo "ci-postgres: $*" >&2; }
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  log "PostgreSQL installeren (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

# First cluster of the newest installed version (Debian bookworm: 15/main).
read -r VERSION CLUSTER CLUSTER_PORT STATUS _ < <(pg_lsclusters --no-header | sort -k1,1nr | head -n 1)
if [ -z "${VERSION:-}" ]; then
  VERSION="$(ls /usr/lib/postgresql | sort -n | tail -n 1)"
  CLUSTER=main
  log "cluster $VERSION/$CLUSTER aanmaken"
  pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" >&2
  CLUSTER_PORT="$PORT"
  STATUS=down
fi
PORT="$CLUSTER_PORT"

# Loopback only: the test database must never be reachable from outside the machine.
CONF="/etc/postgresql/$VERSION/$CLUSTER/postgresql.conf"
if ! grep -q "^listen_addresses = 'localhost'" "$CONF"; then
  echo "listen_addresses = 'localhost'" >>"$CONF"
fi

if [ "$STATUS" != online ]; then
  log "cluster $VERSION/$CLUSTER starten op poort $PORT"
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { log "PostgreSQL reageert niet op 127.0.0.1:$PORT"; exit 1; }

PSQL="psql -p $PORT -v ON_ERROR_STOP=1 -qtA"
if [ "$(as_postgres "$PSQL -c \"select 1 from pg_roles where rolname = '$ROLE'\"")" != 1 ]; then
  log "rol $ROLE aanmaken"
  as_postgres "$PSQL -c \"create role $ROLE login password '$PASSWORD'\""
else
  as_postgres "$PSQL -c \"alter role $ROLE login password '$PASSWORD'\""
fi
if [ "$(as_postgres "$PSQL -c \"select 1 from pg_database where datname = '$DATABASE'\"")" != 1 ]; then
  log "database $DATABASE aanmaken"
  as_postgres "createdb -p $PORT -O $ROLE $DATABASE"
fi

echo "export TEST_DATABASE_URL_PG=postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
