#!/usr/bin/env bash
# Installs a pinned LiteLLM proxy into .cache/litellm/venv for the real-proxy tests.
#
# Idempotent and cached: a stamp file records what was installed; when it matches, the
# script exits at once (no Python start-up). Safe to run from several processes at once
# (flock on .cache/litellm/lock when flock is available).
#
# Pin rules (see the LiteLLM notes): exact `==` pin, newest release >= 1.83.7, never
# 1.82.7 / 1.82.8 (compromised PyPI uploads); the resolved dependency set is frozen in
# scripts/litellm-constraints.txt; after installing we assert that no `litellm_init.pth`
# exists anywhere in the venv.
#
# Why not `pip install 'litellm[proxy]==1.110.2'`: that cannot resolve. Its [proxy] extra pins
#   - `litellm-proxy==1.110.2`: a name PyPI does not have at all (the proxy code itself
#     ships inside the litellm wheel). We never install it: an unclaimed name that pip would
#     install is a dependency-confusion risk.
#   - `litellm-proxy-extras==0.4.114.post1` and `litellm-enterprise==0.1.83.post1`: releases PyPI
#     does not have (newest there: 0.4.110 and 0.1.83). We take the newest ones PyPI has.
# (1.110.1, 1.109.3 and 1.108.14 also pin companion releases PyPI lacks; 1.108.0's pins exist.)
# So we install litellm, then the [proxy] extra's requirements read from the installed wheel's
# own metadata with those two adjustments; scripts/litellm-constraints.txt freezes the result.
#
# Env:
#   LITELLM_SETUP_FORCE=1              reinstall even if the stamp matches
#   LITELLM_SETUP_WRITE_CONSTRAINTS=1  regenerate scripts/litellm-constraints.txt from the venv
set -euo pipefail

LITELLM_VERSION="1.110.2"

case "$LITELLM_VERSION" in
  1.82.7|1.82.8) echo "litellm-setup: refusing compromised version $LITELLM_VERSION" >&2; exit 1 ;;
esac

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
CACHE="$ROOT/.cache/litellm"
VENV="$CACHE/venv"
STAMP="$CACHE/stamp"
CONSTRAINTS="$SCRIPT_DIR/litellm-constraints.txt"

say() { echo "litellm-setup: $*"; }
die() { echo "litellm-setup: ERROR: $*" >&2; exit 1; }

check_no_pth() {
  local found
  found="$(find "$VENV" -name 'litellm_init.pth' -print 2>/dev/null || true)"
  if [ -n "$found" ]; then
    echo "litellm-setup: SECURITY: found litellm_init.pth in the venv — the marker of the" >&2
    echo "litellm-setup: SECURITY: compromised litellm 1.82.8 release. Do NOT use this venv." >&2
    echo "$found" >&2
    rm -f "$STAMP"
    exit 3
  fi
}

constraints_hash() {
  if [ -f "$CONSTRAINTS" ]; then sha256sum "$CONSTRAINTS" | cut -d' ' -f1; else echo none; fi
}
# What the stamp must say for the cache to be valid.
expected_stamp() { echo "litellm==$LITELLM_VERSION+proxy-extra constraints=$(constraints_hash)"; }

fast_path_ok() {
  [ "${LITELLM_SETUP_FORCE:-}" != "1" ] && [ -f "$STAMP" ] && [ -x "$VENV/bin/litellm" ] \
    && [ "$(cat "$STAMP")" = "$(expected_stamp)" ]
}

# Fast path (no lock, no python): the common warm case.
if fast_path_ok; then
  check_no_pth
  say "cached: litellm $LITELLM_VERSION (proxy) in ${VENV#"$ROOT"/}"
  exit 0
fi

mkdir -p "$CACHE"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/lock"
  if ! flock -n 9; then
    say "another setup is running; waiting for it…"
    flock 9
  fi
  if fast_path_ok; then
    check_no_pth
    say "cached: litellm $LITELLM_VERSION (installed by a concurrent run)"
    exit 0
  fi
fi

command -v python3 >/dev/null 2>&1 || die "python3 not found on PATH (needed for the real LiteLLM proxy tests)"
python3 - <<'PY' || die "python3 >= 3.10 with the venv and ensurepip modules is required (Debian: apt-get install python3-venv)"
import sys
if sys.version_info < (3, 10):
    raise SystemExit(1)
import venv, ensurepip  # noqa: F401
PY

say "python: $(python3 --version 2>&1) at $(command -v python3)"
start=$(date +%s)

# Reuse an existing venv only when its interpreter still runs (python upgrades break venvs).
if [ -d "$VENV" ] && ! "$VENV/bin/python" -c 'pass' >/dev/null 2>&1; then
  say "existing venv is broken; recreating"
  rm -rf "$VENV"
fi
rm -f "$STAMP"
if [ ! -d "$VENV" ]; then
  say "creating venv in ${VENV#"$ROOT"/}"
  python3 -m venv "$VENV"
fi

PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)
constraint_args=()
if [ -s "$CONSTRAINTS" ]; then
  constraint_args=(-c "$CONSTRAINTS")
fi
pip_install() {
  # Shows only the interesting pip lines; success is verified afterwards, not from pip's status.
  "${PIP[@]}" install --no-input --progress-bar off "${constraint_args[@]}" "$@" 2>&1 \
    | grep -E --line-buffered '^(Collecting litellm|Successfully installed|ERROR|error:)' \
    | cut -c1-400 | sed -u 's/^/litellm-setup: pip: /' || true
}

say "installing litellm==$LITELLM_VERSION${constraint_args:+ with constraints ${CONSTRAINTS#"$ROOT"/}} (a first run takes minutes)…"
pip_install "litellm==$LITELLM_VERSION"
installed="$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("litellm"))' 2>/dev/null || true)"
[ "$installed" = "$LITELLM_VERSION" ] || die "pip did not install litellm==$LITELLM_VERSION (found '${installed:-nothing}')"

mapfile -t proxy_reqs < <("$VENV/bin/python" - <<'PY'
import importlib.metadata as m
from packaging.requirements import Requirement
SKIP = {"litellm-proxy", "litellm"}
# Exact pins on companion releases PyPI does not have: take the newest ones it has
# (the constraints file freezes them).
RELAX = {"litellm-proxy-extras", "litellm-enterprise"}
seen = []
for raw in m.requires("litellm") or []:
    r = Requirement(raw)
    if r.marker is None or not r.marker.evaluate({"extra": "proxy"}) or r.marker.evaluate({"extra": ""}):
        continue
    name = r.name.lower().replace("_", "-")
    if name in SKIP:
        continue
    spec = name + ("[" + ",".join(sorted(r.extras)) + "]" if r.extras else "") + ("" if name in RELAX else str(r.specifier))
    if spec not in seen:
        seen.append(spec)
print("\n".join(seen))
PY
)
[ "${#proxy_reqs[@]}" -gt 5 ] || die "could not read the [proxy] extra requirements from litellm's metadata"
say "installing the ${#proxy_reqs[@]} requirements of litellm's [proxy] extra (without litellm-proxy, which PyPI lacks)…"
pip_install "litellm==$LITELLM_VERSION" "${proxy_reqs[@]}"
"$VENV/bin/python" - <<'PY' || die "proxy dependencies are incomplete (see the pip lines above)"
import importlib.metadata as m
for name in ("fastapi", "uvicorn", "orjson", "apscheduler", "backoff", "litellm-proxy-extras", "litellm-enterprise"):
    m.version(name)
PY
[ -x "$VENV/bin/litellm" ] || die "no litellm entry point in $VENV/bin"

check_no_pth

if [ ! -s "$CONSTRAINTS" ] || [ "${LITELLM_SETUP_WRITE_CONSTRAINTS:-}" = "1" ]; then
  say "writing ${CONSTRAINTS#"$ROOT"/} from the resolved set"
  {
    echo "# Frozen dependency set for litellm==$LITELLM_VERSION + its [proxy] extra (real-proxy tests)."
    echo "# Generated by scripts/litellm-setup.sh (LITELLM_SETUP_WRITE_CONSTRAINTS=1) from pip freeze;"
    echo "# used as 'pip install -c'. Never allow litellm 1.82.7 or 1.82.8."
    "${PIP[@]}" freeze --all --exclude-editable \
      | grep -v -E '^(pip|setuptools|wheel)==' \
      | grep -v -E ' @ |^-e ' \
      | LC_ALL=C sort -f
  } >"$CONSTRAINTS.tmp"
  mv "$CONSTRAINTS.tmp" "$CONSTRAINTS"
fi

expected_stamp >"$STAMP.tmp"
mv "$STAMP.tmp" "$STAMP"
say "done: litellm $installed with its proxy dependencies, in $(( $(date +%s) - start ))s"
