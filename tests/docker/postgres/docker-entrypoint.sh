#!/bin/sh
# Entrypoint of xraydata/postgres, with the part of the official postgres image's contract that the tests and
# Testcontainers use:
#   POSTGRES_PASSWORD  the superuser's password (required); host connections authenticate with it (scram-sha-256)
#   POSTGRES_USER      the superuser's name (default postgres)
#   POSTGRES_DB        a database created on first start (default: the superuser's name)
#   PGDATA             the cluster's folder (default /var/lib/postgresql/data)
# Arguments that start with '-' are passed to postgres (`docker run IMAGE -c fsync=off`); any other command runs as
# given. The server runs as the postgres user and is the container's main process, so `docker stop` reaches it.
set -eu

case ${1:-postgres} in
  -*) set -- postgres "$@" ;;
  postgres) ;;
  *) exec "$@" ;;
esac
[ $# -gt 0 ] || set -- postgres

: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    setpriv --reuid=postgres --regid=postgres --init-groups "$@"
  else
    "$@"
  fi
}

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "docker-entrypoint.sh: set POSTGRES_PASSWORD; the superuser must have a password." >&2
    exit 1
  fi
  # initdb reads the password from a file so that it never appears in a process listing.
  password_file=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$password_file"
  [ "$(id -u)" != 0 ] || chown postgres "$password_file"
  as_postgres initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$password_file" -E UTF8 --no-locale \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$password_file"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    quoted=$(printf '%s' "$POSTGRES_DB" | sed 's/"/""/g')
    printf 'CREATE DATABASE "%s"\n' "$quoted" | as_postgres postgres --single -D "$PGDATA" postgres >/dev/null
  fi
fi

if [ "$(id -u)" = 0 ]; then
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$@"
fi
exec "$@"
