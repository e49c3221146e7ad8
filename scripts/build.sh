#!/usr/bin/env bash
# Release tarballs: bundles the CLI (scripts/bundle.mjs → dist/) and wraps it, per target, into
#   <output>/codex-litellm-<version>-<target>.tar.gz   (linux-x86_64, linux-aarch64)
#   <output>/SHA256SUMS                                 (over the tarballs written by this run)
# The program is pure JavaScript, so the tarballs differ only in their name and MANIFEST.json.
# Layout of each tarball (one top folder):
#   codex-litellm-<version>-<target>/
#     bin/codex-litellm              0755 node launcher (#!/usr/bin/env node) → ../lib/codex-litellm/cli.cjs
#     lib/codex-litellm/cli.js       the esbuild bundle (dist/), with chunks/*.js
#     lib/codex-litellm/package.json {"type": "module"} so Node loads the bundle as ESM
#     README.md  LICENSE
#     MANIFEST.json                  name, version, target, node requirement, sha256 of each file
# Reproducible: SOURCE_DATE_EPOCH (env, else the last git commit's time) for every mtime,
# root:root numeric owners, fixed modes, sorted entries, `gzip -n`. Same inputs → same bytes.
set -euo pipefail
PROG="build.sh"
# shellcheck source=scripts/packaging-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/packaging-common.sh"

KNOWN_TARGETS="linux-x86_64 linux-aarch64"

usage() {
  cat <<EOF
Usage: scripts/build.sh [--output DIR] [--dist DIR] [target...]
  Bundles the CLI and writes codex-litellm-<version>-<target>.tar.gz plus SHA256SUMS.
  --output DIR   where to write the artefacts (default: artifacts/ in the repository)
  --dist DIR     package this already-built bundle (cli.js + chunks/) instead of bundling
  target         one or more of: $KNOWN_TARGETS (default: all)
  Env: SOURCE_DATE_EPOCH (default: time of the last git commit).
EOF
}

OUTPUT="$ROOT/artifacts"
DIST=""
TARGETS=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --output) [ $# -ge 2 ] || usage_error "--output needs a directory"; OUTPUT="$2"; shift 2 ;;
    --output=*) OUTPUT="${1#*=}"; shift ;;
    --dist) [ $# -ge 2 ] || usage_error "--dist needs a directory"; DIST="$2"; shift 2 ;;
    --dist=*) DIST="${1#*=}"; shift ;;
    -*) usage_error "unknown option '$1'" ;;
    *)
      [[ " $KNOWN_TARGETS " == *" $1 "* ]] || usage_error "unknown target '$1' (known: $KNOWN_TARGETS)"
      [[ " ${TARGETS[*]-} " == *" $1 "* ]] || TARGETS+=("$1")
      shift ;;
  esac
done
[ ${#TARGETS[@]} -gt 0 ] || read -r -a TARGETS <<<"$KNOWN_TARGETS"

need_tools node tar gzip sha256sum find touch
for doc in README.md LICENSE; do [ -f "$ROOT/$doc" ] || die "$doc not found in $ROOT"; done
VERSION="$(package_json_field version)" || die "cannot read the version from package.json"
check_version "$VERSION"
NODE_RANGE="$(package_json_field engines.node)" || die "package.json has no engines.node"
resolve_source_date_epoch
if [ -n "$DIST" ]; then
  [ -f "$DIST/cli.js" ] || die "no bundle in $DIST (cli.js missing); run npm run build or drop --dist"
fi

prepare_output "$OUTPUT"
mkdir -p "$WORK/out"

# 1. The bundle, snapshotted into the work dir. dist/ is swapped by renames whenever anyone
#    re-bundles (tests do), so copy it and retry if its directory changed under us.
if [ -z "$DIST" ]; then
  progress "bundling dist/ with esbuild (this takes a while on a busy machine)…"
  quietly node --input-type=module -e \
    'const { bundle } = await import(process.argv[1]); await bundle({ quiet: true });' "$ROOT/scripts/bundle.mjs"
  DIST="$ROOT/dist"
fi
snapshot="$WORK/bundle"
for attempt in 1 2 3 4 5; do
  rm -rf "$snapshot"
  before="$(stat -c %i "$DIST" 2>/dev/null || echo gone)"
  if cp -R "$DIST" "$snapshot" 2>/dev/null && [ -f "$snapshot/cli.js" ] \
    && [ "$before" = "$(stat -c %i "$DIST" 2>/dev/null || echo gone)" ]; then
    break
  fi
  [ "$attempt" -lt 5 ] || die "could not copy a consistent bundle from $DIST (it kept changing)"
  sleep 1
done
got="$(node "$snapshot/cli.js" --version 2>&1 || true)"
case "$got" in
  "$PKG_NAME $VERSION "*|"$PKG_NAME $VERSION") ;;
  *) die "the bundle in $DIST is not version $VERSION (it says: $(printf '%s' "$got" | head -n 1 | cut -c 1-120))" ;;
esac

# 2. One tarball per target.
artefacts=()
for target in "${TARGETS[@]}"; do
  progress "packing $PKG_NAME-$VERSION-$target.tar.gz…"
  top="$PKG_NAME-$VERSION-$target"
  stage="$WORK/stage-$target"
  dir="$stage/$top"
  mkdir -p "$dir/bin" "$dir/lib"
  cp -R "$snapshot" "$dir/lib/$PKG_NAME"
  printf '{\n  "name": "%s",\n  "version": "%s",\n  "private": true,\n  "type": "module"\n}\n' \
    "$PKG_NAME" "$VERSION" >"$dir/lib/$PKG_NAME/package.json"
  cat >"$dir/bin/$PKG_NAME" <<'LAUNCHER'
#!/usr/bin/env node
// codex-litellm launcher. Runs the bundled CLI from ../lib/codex-litellm, found from this
// file's real location (so it works from any prefix, and through symlinks). Written to load
// both as CommonJS and as an ES module, and to say clearly when Node.js is too old.
"use strict";
var need = 20;
var have = process.versions.node;
if (Number(have.split(".")[0]) < need) {
  process.stderr.write("codex-litellm: needs Node.js " + need + " or newer; this is Node.js " + have + "\n");
  process.exit(1);
}
var args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write("@VERSION_LINE@\n"); // filled in by build.sh: no module loading for this
} else {
  Promise.all([import("node:fs"), import("node:path"), import("node:url")]).then(function (m) {
    var fs = m[0], path = m[1], url = m[2];
    var self = fs.realpathSync(process.argv[1]);
    var entry = path.join(path.dirname(self), "..", "lib", "codex-litellm", "cli.cjs"); // as npm's bin: exec with its code cache
    return import(url.pathToFileURL(entry).href);
  });
}
LAUNCHER
  sed -i "s|@VERSION_LINE@|$(printf '%s' "$got" | head -n 1 | sed 's/[|&\\"]/\\&/g')|" "$dir/bin/$PKG_NAME"
  node_major="${NODE_RANGE//[!0-9.]/}"; node_major="${node_major%%.*}"
  [ -n "$node_major" ] && sed -i "s/^var need = 20;/var need = $node_major;/" "$dir/bin/$PKG_NAME"
  cp "$ROOT/README.md" "$ROOT/LICENSE" "$dir/"
  normalize_tree "$stage" "$top/bin/$PKG_NAME"
  node "$ROOT/scripts/release-manifest.mjs" write "$dir" --name "$PKG_NAME" --version "$VERSION" \
    --target "$target" --node "$NODE_RANGE" --sde "$SDE" >"$dir/MANIFEST.json" || die "cannot write MANIFEST.json"
  chmod 0644 "$dir/MANIFEST.json"
  touch -h -d "@$SDE" "$dir/MANIFEST.json" "$dir"
  name="$top.tar.gz"
  repro_tar -C "$stage" "$top" | gzip -n >"$WORK/out/$name" || die "cannot write $name: $(tar_error)"
  artefacts+=("$name")
done

# 3. Checksums over the tarballs (sha256sum -c format).
(cd "$WORK/out" && sha256sum "${artefacts[@]}" >SHA256SUMS) || die "cannot write SHA256SUMS"

publish "${artefacts[@]}" SHA256SUMS
for f in "${artefacts[@]}" SHA256SUMS; do printf '%s\n' "$OUT/$f"; done
