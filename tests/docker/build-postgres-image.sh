#!/usr/bin/env bash
# Builds xraydata/postgres:15, a stand-in for the official postgres:15 image made from Debian's postgresql-15
# package, when the Docker engine does not have it yet. The tests use it through XRAYDATA_TEST_POSTGRES_IMAGE where
# no image registry is reachable; a machine that can pull postgres:15 does not need it.
# Usage: build-postgres-image.sh [IMAGE]   (FORCE=1 rebuilds an existing image)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
image=${1:-xraydata/postgres:15}

if [ "${FORCE:-0}" != 1 ] && docker image inspect "$image" >/dev/null 2>&1; then
  exit 0
fi

# The package's install script creates a "main" cluster; the entrypoint makes its own in PGDATA instead.
exec "$here/debian-image.sh" "$image" postgresql-15 "$here/postgres/docker-entrypoint.sh" \
  --remove /var/lib/postgresql/15 --remove /etc/postgresql/15 \
  --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV PGDATA=/var/lib/postgresql/data' \
  --change 'EXPOSE 5432' \
  --change 'CMD ["postgres"]'
