#!/usr/bin/env bash
# Builds xraydata/mariadb:10.11, a stand-in for the official mariadb:10.11 image made from Debian's mariadb-server
# package, when the Docker engine does not have it yet. The tests use it through XRAYDATA_TEST_MARIADB_IMAGE where
# no image registry is reachable; a machine that can pull mariadb:10.11 does not need it.
# Usage: build-mariadb-image.sh [IMAGE]   (FORCE=1 rebuilds an existing image)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
image=${1:-xraydata/mariadb:10.11}

if [ "${FORCE:-0}" != 1 ] && docker image inspect "$image" >/dev/null 2>&1; then
  exit 0
fi

# The package's install script creates a data folder; the entrypoint makes its own on first start instead.
exec "$here/debian-image.sh" "$image" mariadb-server "$here/mariadb/docker-entrypoint.sh" \
  --remove /var/lib/mysql \
  --change 'EXPOSE 3306' \
  --change 'CMD ["mariadbd"]'
