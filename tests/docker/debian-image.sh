#!/usr/bin/env bash
# Builds a Docker image from Debian's own packages, with no image registry involved: debootstrap a minimal Debian
# with the given packages into a temporary folder, add an entrypoint of ours, and `docker import` the folder.
# The folder is removed however the script ends. build-postgres-image.sh and build-mariadb-image.sh call this.
#
# Usage: debian-image.sh IMAGE PACKAGES ENTRYPOINT [--remove PATH]... [--change 'DOCKERFILE INSTRUCTION']...
#   PACKAGES    comma-separated, for debootstrap --include
#   ENTRYPOINT  a script, installed as /usr/local/bin/docker-entrypoint.sh and made the image's ENTRYPOINT
#   --remove    a path inside the image to delete before import (state the packages' install scripts created)
#   --change    passed to `docker import -c` (CMD, ENV, EXPOSE ...)
# Environment: DEBIAN_SUITE (default bookworm), DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail

image=$1 packages=$2 entrypoint=$3
shift 3
removals=()
changes=('ENTRYPOINT ["docker-entrypoint.sh"]')
while [ $# -gt 0 ]; do
  case $1 in
    --remove) removals+=("$2"); shift 2 ;;
    --change) changes+=("$2"); shift 2 ;;
    *) echo "debian-image.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
root=$(mktemp -d "${TMPDIR:-/tmp}/xraydata-image-XXXXXX")
log="$root.log"

cleanup() {
  # debootstrap mounts /proc and /sys inside the target; an interrupted run can leave them there, and deleting
  # through a mount point would reach the host's files.
  awk -v prefix="$root/" 'index($2, prefix) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mount; do
    umount -l "$mount" 2>/dev/null || true
  done
  rm -rf --one-file-system "$root" "$log"
}
trap cleanup EXIT

echo "Building $image from Debian $suite's packages ($packages); this takes about a minute once."
if ! debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "debootstrap failed; see the lines above." >&2
  exit 1
fi

install -m 0755 "$entrypoint" "$root/usr/local/bin/docker-entrypoint.sh"
for path in "${removals[@]}"; do
  rm -rf --one-file-system "${root:?}/${path#/}"
done
# Downloaded packages, package lists, documentation and translations are not needed at run time.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
  "$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/info "$root"/usr/share/locale

import_args=()
for change in "${changes[@]}"; do
  import_args+=(-c "$change")
done
tar --numeric-owner -C "$root" -c . | docker import "${import_args[@]}" - "$image" >/dev/null
echo "Built $image."
