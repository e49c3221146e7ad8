#!/usr/bin/env bash
# Builds the small OpenTelemetry Collector the OpenTelemetry tests send to (OTLP receiver over
# gRPC and HTTP, contrib's file exporter) from the collector's own Go modules, into
# .cache/otelcol/otelcol-test. Sources: test/support/otel-collector/ (main.go, go.mod, go.sum,
# all modules pinned to one collector release).
#
# Idempotent and cached: a stamp records the hash of the sources and the Go version; when it
# matches, the script exits at once. Safe to run from several processes at once (flock).
# The first build downloads the modules and compiles for a few minutes; it is bounded by
# OTELCOL_SETUP_TIMEOUT seconds (default 900).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
SRC="$ROOT/test/support/otel-collector"
CACHE="$ROOT/.cache/otelcol"
BIN="$CACHE/otelcol-test"
STAMP="$CACHE/stamp"

die() { echo "otelcol-setup: ERROR: $*" >&2; exit 1; }
command -v go >/dev/null 2>&1 || die "go not found on PATH (the test collector is built from Go modules)"

mkdir -p "$CACHE"
expected="$(cat "$SRC/main.go" "$SRC/go.mod" "$SRC/go.sum" | sha256sum | cut -d' ' -f1) $(go env GOVERSION)"
if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$expected" ]; then exit 0; fi

exec 9>"$CACHE/lock"
command -v flock >/dev/null 2>&1 && flock 9
if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$expected" ]; then exit 0; fi

echo "otelcol-setup: building the test collector (first time: a few minutes)" >&2
start=$(date +%s)
cd "$SRC"
GOTOOLCHAIN=local GOFLAGS=-mod=readonly timeout "${OTELCOL_SETUP_TIMEOUT:-900}" \
  go build -trimpath -ldflags="-s -w" -o "$BIN.tmp" . || die "go build failed or timed out (see above)"
mv "$BIN.tmp" "$BIN"
echo "$expected" > "$STAMP"
echo "otelcol-setup: built $BIN in $(( $(date +%s) - start )) s" >&2
