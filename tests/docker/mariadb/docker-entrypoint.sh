#!/bin/sh
# Entrypoint of xraydata/mariadb, with the part of the official mariadb image's contract that the tests use
# (the MYSQL_ names are accepted too):
#   MARIADB_ROOT_PASSWORD  root's password for connections from any host (required)
#   MARIADB_DATABASE       a database created on first start
#   MARIADB_USER, MARIADB_PASSWORD  a user created on first start, with every privilege on MARIADB_DATABASE
#   /docker-entrypoint-initdb.d/*.sql  run once, after the above, with full privileges
# Arguments that start with '-' are passed to mariadbd (`docker run IMAGE --innodb-flush-log-at-trx-commit=0`); any
# other command runs as given. mariadbd reads no option file (Testcontainers may replace /etc/mysql/my.cnf with a
# client configuration), runs as the mysql user and is the container's main process.
set -eu

case ${1:-mariadbd} in
  -*) ;;
  mariadbd | mysqld) shift ;;
  *) exec "$@" ;;
esac

root_password=${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}
database=${MARIADB_DATABASE:-${MYSQL_DATABASE:-}}
user=${MARIADB_USER:-${MYSQL_USER:-}}
password=${MARIADB_PASSWORD:-${MYSQL_PASSWORD:-}}
datadir=/var/lib/mysql

# SQL literals and identifiers for values that may hold quotes or backslashes (printf, not echo, writes them:
# dash's echo would read the backslashes).
literal() { printf "'%s'" "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/''/g")"; }
identifier() { printf '`%s`' "$(printf '%s' "$1" | sed 's/`/``/g')"; }

mkdir -p "$datadir" /run/mysqld
chown mysql:mysql "$datadir" /run/mysqld

if [ ! -d "$datadir/mysql" ]; then
  if [ -z "$root_password" ]; then
    echo "docker-entrypoint.sh: set MARIADB_ROOT_PASSWORD; root must have a password." >&2
    exit 1
  fi
  mariadb-install-db --no-defaults --user=mysql --datadir="$datadir" --auth-root-authentication-method=socket \
    --skip-test-db >/dev/null
  setup=$(mktemp)
  {
    # Bootstrap mode starts without the grant tables; loading them lets account statements run.
    printf '%s\n' "FLUSH PRIVILEGES;"
    printf '%s\n' "CREATE USER 'root'@'%' IDENTIFIED BY $(literal "$root_password");"
    printf '%s\n' "GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    if [ -n "$database" ]; then
      printf '%s\n' "CREATE DATABASE IF NOT EXISTS $(identifier "$database");"
    fi
    if [ -n "$user" ] && [ "$user" != root ]; then
      printf '%s\n' "CREATE USER $(literal "$user")@'%' IDENTIFIED BY $(literal "$password");"
      if [ -n "$database" ]; then
        printf '%s\n' "GRANT ALL PRIVILEGES ON $(identifier "$database").* TO $(literal "$user")@'%';"
      fi
    fi
    for script in /docker-entrypoint-initdb.d/*.sql; do
      if [ -f "$script" ]; then
        cat "$script"
        printf '\n'
      fi
    done
  } >"$setup"
  if ! mariadbd --no-defaults --user=mysql --datadir="$datadir" --bootstrap --log-warnings=0 <"$setup"; then
    rm -f "$setup"
    echo "docker-entrypoint.sh: setting up the accounts failed." >&2
    exit 1
  fi
  rm -f "$setup"
fi

exec mariadbd --no-defaults --user=mysql --datadir="$datadir" --socket=/run/mysqld/mysqld.sock \
  --bind-address=0.0.0.0 --port=3306 --skip-name-resolve \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci "$@"
