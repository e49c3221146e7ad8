#!/usr/bin/env bash
# Termux packages (.deb) from the release tarballs of build.sh:
#   <output>/codex-litellm_<version>_<arch>.deb     arches: x86_64 aarch64 (default: both)
# Built with `dpkg-deb --build --root-owner-group -Zxz` (Termux's own layout: ar with
# debian-binary, control.tar.xz, data.tar.xz). Installs under Termux's prefix
# /data/data/com.termux/files/usr:
#   bin/codex-litellm              0755 launcher, #!/data/data/com.termux/files/usr/bin/node
#   lib/codex-litellm/             the bundle (cli.js, chunks/, package.json)
#   share/doc/codex-litellm/       README.md, LICENSE
# Depends: nodejs | nodejs-lts (both provide $PREFIX/bin/node). Reproducible like build.sh:
# every mtime is SOURCE_DATE_EPOCH (dpkg-deb also uses it for the ar headers), fixed modes.
set -euo pipefail
PROG="package-termux.sh"
# shellcheck source=scripts/packaging-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/packaging-common.sh"

TERMUX_PREFIX="/data/data/com.termux/files/usr"
declare -A TARGET_OF=([x86_64]=linux-x86_64 [aarch64]=linux-aarch64)
KNOWN_ARCHES="x86_64 aarch64"

usage() {
  cat <<EOF
Usage: scripts/package-termux.sh [--version V] [--input DIR] [--output DIR] [arch...]
  Wraps codex-litellm-<V>-linux-<cpu>.tar.gz (from scripts/build.sh) into
  codex-litellm_<V>_<arch>.deb for Termux (Android).
  --version V    version to package (default: package.json's)
  --input DIR    where the tarballs are (default: artifacts/)
  --output DIR   where to write the .deb files (default: artifacts/)
  arch           one or more of: $KNOWN_ARCHES (default: all)
  Env: SOURCE_DATE_EPOCH (default: the tarball's, from its MANIFEST.json), PACKAGE_MAINTAINER.
EOF
}

parse_package_args "$KNOWN_ARCHES" Termux "$@"

need_tools node tar gzip find touch dpkg-deb
if [ -z "$VERSION" ]; then VERSION="$(package_json_field version)" || die "cannot read the version from package.json"; fi
check_version "$VERSION"
[ -z "${SOURCE_DATE_EPOCH:-}" ] || resolve_source_date_epoch   # else taken from the tarballs below
MAINTAINER="${PACKAGE_MAINTAINER:-codex-litellm maintainers}"
DESCRIPTION="$(package_json_field description)" || die "package.json has no description"
HOMEPAGE="$(package_json_field homepage 2>/dev/null || true)"

[ -d "$INPUT" ] || die "input directory not found: $INPUT"
for arch in "${ARCHES[@]}"; do
  tarball="$INPUT/$PKG_NAME-$VERSION-${TARGET_OF[$arch]}.tar.gz"
  [ -f "$tarball" ] || die "missing release tarball for $arch: $tarball (run scripts/build.sh first)"
done

# Single-threaded xz where dpkg-deb can be told so: its output then does not depend on the
# number of CPUs of the build machine.
DPKG_DEB_OPTS=(--root-owner-group -Zxz -z6)
if [[ "$(dpkg-deb --help 2>/dev/null)" == *--threads-max* ]]; then DPKG_DEB_OPTS+=(--threads-max=1); fi

prepare_output "$OUTPUT"
mkdir -p "$WORK/out"

# Unpack (and verify against MANIFEST.json) each tarball needed, once.
for arch in "${ARCHES[@]}"; do
  target="${TARGET_OF[$arch]}"
  [ -d "$WORK/unpacked-$target" ] || progress "unpacking and checking $PKG_NAME-$VERSION-$target.tar.gz…"
  [ -d "$WORK/unpacked-$target" ] || unpack_release "$INPUT/$PKG_NAME-$VERSION-$target.tar.gz" "$target" "$VERSION"
done
resolve_source_date_epoch_from_release "$WORK/unpacked-${TARGET_OF[${ARCHES[0]}]}/$PKG_NAME-$VERSION-${TARGET_OF[${ARCHES[0]}]}"

artefacts=()
for arch in "${ARCHES[@]}"; do
  progress "building the deb package for $arch…"
  target="${TARGET_OF[$arch]}"
  release="$WORK/unpacked-$target/$PKG_NAME-$VERSION-$target"

  root="$WORK/deb-$arch"
  prefix="$root$TERMUX_PREFIX"
  mkdir -p "$root/DEBIAN" "$prefix/bin" "$prefix/lib" "$prefix/share/doc/$PKG_NAME"
  check_launcher "$release/bin/$PKG_NAME" "$target"
  # Android has no /usr/bin/env: point the launcher at Termux's node.
  { printf '#!%s/bin/node\n' "$TERMUX_PREFIX"; tail -n +2 "$release/bin/$PKG_NAME"; } >"$prefix/bin/$PKG_NAME"
  cp -R "$release/lib/$PKG_NAME" "$prefix/lib/$PKG_NAME"
  cp "$release/README.md" "$release/LICENSE" "$prefix/share/doc/$PKG_NAME/"

  # Installed-Size in KiB, counted like dpkg-gencontrol (files rounded up, 1 per directory),
  # so it does not depend on the build machine's filesystem block size.
  installed_kib="$(find "$root" -path "$root/DEBIAN" -prune -o -mindepth 1 -printf '%y %s\n' \
    | awk '$1 == "f" { n += int(($2 + 1023) / 1024) } $1 != "f" { n += 1 } END { print n + 0 }')"
  {
    printf 'Package: %s\n' "$PKG_NAME"
    printf 'Architecture: %s\n' "$arch"
    printf 'Installed-Size: %s\n' "$installed_kib"
    printf 'Maintainer: %s\n' "$MAINTAINER"
    printf 'Version: %s\n' "$VERSION"
    [ -n "$HOMEPAGE" ] && printf 'Homepage: %s\n' "$HOMEPAGE"
    printf 'Depends: nodejs | nodejs-lts\n'
    printf 'Description: %s\n' "$DESCRIPTION"
    printf ' Pure JavaScript (one bundle under %s/lib/%s), run by Termux'"'"'s node.\n' "$TERMUX_PREFIX" "$PKG_NAME"
  } >"$root/DEBIAN/control"
  normalize_tree "$root" "${TERMUX_PREFIX#/}/bin/$PKG_NAME"

  name="${PKG_NAME}_${VERSION}_${arch}.deb"
  quietly dpkg-deb "${DPKG_DEB_OPTS[@]}" --build "$root" "$WORK/out/$name"
  artefacts+=("$name")
done

publish "${artefacts[@]}"
for f in "${artefacts[@]}"; do printf '%s\n' "$OUT/$f"; done
