# shellcheck shell=bash
# Shared by scripts/build.sh, scripts/package-openwrt.sh and scripts/package-termux.sh
# (sourced, not run). Everything here serves two rules:
#   - reproducible: same inputs → same bytes (SOURCE_DATE_EPOCH, fixed modes/owners/mtimes,
#     sorted archive entries, `gzip -n`);
#   - all or nothing: work happens in a temp dir inside the output dir and artefacts are
#     moved in only at the end; any error is ONE line on stderr and a non-zero exit, and
#     leaves nothing behind (not even an output dir we created).

PKG_NAME="codex-litellm"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LC_ALL=C TZ=UTC

WORK=""          # temp dir (inside the output dir), removed on exit
OUT_CREATED=""   # the topmost dir this run created for the output dir (removed again on failure)

# One line on stderr, exit 1 (2 for usage errors).
die() { printf '%s: %s\n' "$PROG" "$*" >&2; exit 1; }
# What the script is doing, for a person watching (stderr a terminal); pipes and tests get only errors.
progress() { if [ -t 2 ]; then printf '%s: %s\n' "$PROG" "$*" >&2; fi; }
usage_error() { printf '%s: %s (try --help)\n' "$PROG" "$*" >&2; exit 2; }

cleanup() {
  local rc=$?
  [ -n "$WORK" ] && rm -rf "$WORK"
  if [ "$rc" -ne 0 ] && [ -n "$OUT_CREATED" ]; then
    # Remove the dirs this run created, leaf first, and only while they are empty.
    local d="$OUT"
    while rmdir "$d" 2>/dev/null && [ "$d" != "$OUT_CREATED" ]; do d="$(dirname "$d")"; done
  fi
  return "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need_tools() {
  local t
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || die "required tool not found on PATH: $t"; done
  if [[ " $* " == *" tar "* ]] && [[ "$(tar --version 2>/dev/null)" != *"GNU tar"* ]]; then
    die "GNU tar is required (for --sort=name and --mtime)"
  fi
}

# Runs a command quietly; on failure dies with its first line of error output.
quietly() {
  local log="$WORK/.cmd.log"
  if ! "$@" >"$log" 2>&1; then
    die "$1 failed: $(grep -m 1 -v '^[[:space:]]*$' "$log" | cut -c 1-300)"
  fi
}

# SDE := $SOURCE_DATE_EPOCH, else the last git commit's time.
resolve_source_date_epoch() {
  if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
    SDE="$SOURCE_DATE_EPOCH"
  else
    SDE="$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || true)"
    [ -n "$SDE" ] || die "cannot tell the release time (no git history here); set SOURCE_DATE_EPOCH"
  fi
  [[ "$SDE" =~ ^[0-9]+$ ]] || die "SOURCE_DATE_EPOCH must be a whole number of seconds, got '$SDE'"
  export SOURCE_DATE_EPOCH="$SDE"
}

# For the package scripts: SDE := $SOURCE_DATE_EPOCH, else the release's own (MANIFEST.json's
# sourceDateEpoch), so that a package is a function of its tarball alone.
resolve_source_date_epoch_from_release() { # unpacked release dir
  if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
    SOURCE_DATE_EPOCH="$(node -e 'process.stdout.write(String(require(process.argv[1]).sourceDateEpoch ?? ""))' "$1/MANIFEST.json" 2>/dev/null || true)"
    [ -n "$SOURCE_DATE_EPOCH" ] || die "$(basename "$1"): MANIFEST.json has no sourceDateEpoch; set SOURCE_DATE_EPOCH"
  fi
  resolve_source_date_epoch
}

package_json_field() { # field expression, e.g. version or engines.node
  node -e 'const p=require(process.argv[1]);const v=process.argv[2].split(".").reduce((o,k)=>o==null?o:o[k],p);if(v==null)process.exit(1);process.stdout.write(String(v))' \
    "$ROOT/package.json" "$1"
}

# Versions go into file names and control files: keep to what opkg and dpkg both accept.
check_version() {
  [[ "$1" =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || die "invalid version '$1' (must start with a digit; letters, digits and . + ~ - only)"
}

# Creates the output dir (remembering that we did) and the work dir inside it.
prepare_output() {
  OUT="$1"
  local top=""
  if [ ! -d "$OUT" ]; then
    [ -e "$OUT" ] && die "output path exists and is not a directory: $OUT"
    local probe="$OUT"
    while [ ! -e "$probe" ]; do top="$probe"; probe="$(dirname "$probe")"; done
    mkdir -p "$OUT" 2>/dev/null || die "cannot create output directory: $OUT"
  fi
  OUT="$(cd "$OUT" && pwd)"
  if [ -n "$top" ]; then OUT_CREATED="$(cd "$top" && pwd)"; fi
  WORK="$(mktemp -d "$OUT/.$PKG_NAME-work.XXXXXX" 2>/dev/null)" || die "cannot write to output directory: $OUT"
}

# Fixed modes (dirs 0755, files 0644, then the named paths 0755) and mtimes (SDE) for a tree.
normalize_tree() { # dir [executable path relative to dir]...
  local dir="$1"; shift
  find "$dir" -type d -exec chmod 0755 {} +
  find "$dir" -type f -exec chmod 0644 {} +
  local x
  for x in "$@"; do chmod 0755 "$dir/$x"; done
  find "$dir" -exec touch -h -d "@$SDE" {} +
}

# Reproducible tar: GNU format, sorted names, root:root numeric owners, mtime = SDE.
# Its error output goes to $WORK/.tar.log (see tar_error) so that failures stay one line.
repro_tar() { # -C dir members... (writes the tar to stdout)
  tar --format=gnu --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SDE" -cf - "$@" 2>"$WORK/.tar.log"
}
tar_error() { head -n 1 "$WORK/.tar.log" 2>/dev/null | cut -c 1-200; }

# Moves finished artefacts from the work dir into the output dir (same filesystem: renames).
publish() { # file...
  local f
  for f in "$@"; do chmod 0644 "$WORK/out/$f"; mv -f "$WORK/out/$f" "$OUT/$f" || die "cannot move $f into $OUT"; done
}

# Dies unless the release's launcher starts with the portable shebang the packages rewrite.
check_launcher() { # launcher file, target
  local first
  first="$(head -n 1 "$1" 2>/dev/null || true)"
  [ "$first" = "#!/usr/bin/env node" ] || die "unexpected launcher in the $2 tarball (first line: ${first:0:60})"
}

# Unpacks a release tarball into $WORK/unpacked-<target> and checks it against its manifest.
# Sets RELEASE_DIR to the unpacked top folder.
unpack_release() { # tarball target version
  local tarball="$1" target="$2" version="$3"
  local dest="$WORK/unpacked-$target"
  mkdir -p "$dest"
  tar -xzf "$tarball" -C "$dest" --no-same-owner 2>"$WORK/.cmd.log" \
    || die "cannot unpack $(basename "$tarball"): $(head -n 1 "$WORK/.cmd.log")"
  RELEASE_DIR="$dest/$PKG_NAME-$version-$target"
  [ -d "$RELEASE_DIR" ] || die "$(basename "$tarball") has no top folder $PKG_NAME-$version-$target/"
  local err
  err="$(node "$ROOT/scripts/release-manifest.mjs" verify "$RELEASE_DIR" --name "$PKG_NAME" --version "$version" --target "$target" 2>&1)" \
    || die "$(basename "$tarball"): $err"
}

# Options shared by the package scripts: --version, --input, --output, then architectures
# (each a key of TARGET_OF). Sets VERSION, INPUT, OUTPUT and ARCHES (default: $1).
# shellcheck disable=SC2034 # VERSION, INPUT, OUTPUT, ARCHES are the caller's
parse_package_args() { # default-arches kind-of-arch args...
  local defaults="$1" kind="$2"
  shift 2
  VERSION=""
  INPUT="$ROOT/artifacts"
  OUTPUT="$ROOT/artifacts"
  ARCHES=()
  while [ $# -gt 0 ]; do
    case "$1" in
      -h|--help) usage; exit 0 ;;
      --version) [ $# -ge 2 ] || usage_error "--version needs a value"; VERSION="$2"; shift 2 ;;
      --version=*) VERSION="${1#*=}"; shift ;;
      --input) [ $# -ge 2 ] || usage_error "--input needs a directory"; INPUT="$2"; shift 2 ;;
      --input=*) INPUT="${1#*=}"; shift ;;
      --output) [ $# -ge 2 ] || usage_error "--output needs a directory"; OUTPUT="$2"; shift 2 ;;
      --output=*) OUTPUT="${1#*=}"; shift ;;
      -*) usage_error "unknown option '$1'" ;;
      *)
        [ -n "${TARGET_OF[$1]+set}" ] || usage_error "unknown $kind architecture '$1' (known: $KNOWN_ARCHES)"
        [[ " ${ARCHES[*]-} " == *" $1 "* ]] || ARCHES+=("$1")
        shift ;;
    esac
  done
  [ ${#ARCHES[@]} -gt 0 ] || read -r -a ARCHES <<<"$defaults"
}
