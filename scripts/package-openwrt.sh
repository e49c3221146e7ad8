#!/usr/bin/env bash
# OpenWrt packages (opkg .ipk, OpenWrt 24.10 and older) from the release tarballs of build.sh:
#   <output>/codex-litellm_<version>_<arch>.ipk     default arches: x86_64 aarch64_generic
# Container as OpenWrt's own scripts/ipkg-build makes it: a gzip'd GNU tar holding, in order,
#   ./debian-binary ("2.0"), ./data.tar.gz, ./control.tar.gz
# data.tar.gz installs
#   /usr/bin/codex-litellm                 0755 node launcher (#!/usr/bin/env node; Depends: node)
#   /usr/lib/codex-litellm/                the bundle (cli.js, chunks/, package.json)
#   /usr/share/doc/codex-litellm/LICENSE
# control.tar.gz holds ./control (Installed-Size = bytes of the uncompressed data tar, as
# ipkg-build computes it). Reproducible like build.sh (SOURCE_DATE_EPOCH, sorted, gzip -n).
set -euo pipefail
PROG="package-openwrt.sh"
# shellcheck source=scripts/packaging-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/packaging-common.sh"

# opkg architecture → release tarball target. The payload is the same JavaScript for all;
# the Architecture field only has to be one that the router's opkg accepts.
declare -A TARGET_OF=(
  [x86_64]=linux-x86_64
  [aarch64_generic]=linux-aarch64
  [aarch64_cortex-a53]=linux-aarch64
  [aarch64_cortex-a72]=linux-aarch64
  [aarch64_cortex-a76]=linux-aarch64
)
KNOWN_ARCHES="x86_64 aarch64_generic aarch64_cortex-a53 aarch64_cortex-a72 aarch64_cortex-a76"
DEFAULT_ARCHES="x86_64 aarch64_generic"

usage() {
  cat <<EOF
Usage: scripts/package-openwrt.sh [--version V] [--input DIR] [--output DIR] [arch...]
  Wraps codex-litellm-<V>-linux-<cpu>.tar.gz (from scripts/build.sh) into
  codex-litellm_<V>_<arch>.ipk for OpenWrt's opkg.
  --version V    version to package (default: package.json's)
  --input DIR    where the tarballs are (default: artifacts/)
  --output DIR   where to write the .ipk files (default: artifacts/)
  arch           one or more of: $KNOWN_ARCHES
                 (default: $DEFAULT_ARCHES)
  Env: SOURCE_DATE_EPOCH (default: the tarball's, from its MANIFEST.json), PACKAGE_MAINTAINER.
EOF
}

parse_package_args "$DEFAULT_ARCHES" OpenWrt "$@"

need_tools node tar gzip find touch wc
if [ -z "$VERSION" ]; then VERSION="$(package_json_field version)" || die "cannot read the version from package.json"; fi
check_version "$VERSION"
[ -z "${SOURCE_DATE_EPOCH:-}" ] || resolve_source_date_epoch   # else taken from the tarballs below
MAINTAINER="${PACKAGE_MAINTAINER:-codex-litellm maintainers}"
DESCRIPTION="$(package_json_field description)" || die "package.json has no description"
LICENSE_ID="$(package_json_field license)" || die "package.json has no license"

# Every input must be there before anything is written.
[ -d "$INPUT" ] || die "input directory not found: $INPUT"
for arch in "${ARCHES[@]}"; do
  tarball="$INPUT/$PKG_NAME-$VERSION-${TARGET_OF[$arch]}.tar.gz"
  [ -f "$tarball" ] || die "missing release tarball for $arch: $tarball (run scripts/build.sh first)"
done

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
  progress "building the ipk package for $arch…"
  target="${TARGET_OF[$arch]}"
  release="$WORK/unpacked-$target/$PKG_NAME-$VERSION-$target"

  pkg="$WORK/ipk-$arch"
  data="$pkg/data"
  mkdir -p "$data/usr/bin" "$data/usr/lib" "$data/usr/share/doc/$PKG_NAME" "$pkg/control"
  check_launcher "$release/bin/$PKG_NAME" "$target"
  cp "$release/bin/$PKG_NAME" "$data/usr/bin/$PKG_NAME"
  cp -R "$release/lib/$PKG_NAME" "$data/usr/lib/$PKG_NAME"
  cp "$release/LICENSE" "$data/usr/share/doc/$PKG_NAME/LICENSE"
  normalize_tree "$data" "usr/bin/$PKG_NAME"
  repro_tar -C "$data" . >"$pkg/data.tar" || die "cannot write data.tar.gz for $arch: $(tar_error)"
  installed_size="$(wc -c <"$pkg/data.tar")"
  gzip -n <"$pkg/data.tar" >"$pkg/data.tar.gz" || die "cannot compress data.tar.gz for $arch"

  {
    printf 'Package: %s\n' "$PKG_NAME"
    printf 'Version: %s\n' "$VERSION"
    printf 'Depends: node\n'
    printf 'License: %s\n' "$LICENSE_ID"
    printf 'LicenseFiles: LICENSE\n'
    printf 'Section: utils\n'
    printf 'SourceDateEpoch: %s\n' "$SDE"
    printf 'Maintainer: %s\n' "$MAINTAINER"
    printf 'Architecture: %s\n' "$arch"
    printf 'Installed-Size: %s\n' "$installed_size"
    printf 'Description: %s\n' "$DESCRIPTION"
    printf ' Pure JavaScript (one bundle under /usr/lib/%s); runs on the node package\n' "$PKG_NAME"
    printf ' (Node.js 20 or newer, as in the OpenWrt 24.10 packages feed).\n'
  } >"$pkg/control/control"
  normalize_tree "$pkg/control"
  repro_tar -C "$pkg/control" . | gzip -n >"$pkg/control.tar.gz" || die "cannot write control.tar.gz for $arch: $(tar_error)"

  printf '2.0\n' >"$pkg/debian-binary"
  touch -h -d "@$SDE" "$pkg/debian-binary" "$pkg/data.tar.gz" "$pkg/control.tar.gz"
  chmod 0644 "$pkg/debian-binary" "$pkg/data.tar.gz" "$pkg/control.tar.gz"
  name="${PKG_NAME}_${VERSION}_${arch}.ipk"
  repro_tar -C "$pkg" ./debian-binary ./data.tar.gz ./control.tar.gz | gzip -n >"$WORK/out/$name" \
    || die "cannot write $name: $(tar_error)"
  artefacts+=("$name")
done

publish "${artefacts[@]}"
for f in "${artefacts[@]}"; do printf '%s\n' "$OUT/$f"; done
