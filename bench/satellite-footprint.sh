#!/usr/bin/env bash
# Footprint of one idle satellite process, as 'satbus run' starts it: starts
# 'satbus satellite idle --instance 0 T.yaml' N times per set of JVM options and reports the
# start-up time to READY (the "running, pid" line) and the resident set size (VmRSS from
# /proc) a second after READY. Not a test; numbers go to docs/operations.md.
#
#   bench/satellite-footprint.sh [N]        (default N=5; needs cli/target/satbus.jar)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/cli/target/satbus.jar"
n="${1:-5}"
[ -f "$jar" ] || { echo "no $jar (expected: built by 'mvn -pl cli -am package')" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
port=$(( 20000 + RANDOM % 20000 ))
cat > "$work/t.yaml" <<YAML
name: footprint
orchester: { host: 127.0.0.1, service_port: $port, pub_port: $((port + 1)), sub_port: $((port + 2)) }
satellites:
  idle: { type: sink }
YAML
# An AppCDS archive of the classes a satellite loads (JDK 17: dump at exit once, then map it).
java -XX:ArchiveClassesAtExit="$work/satbus.jsa" -cp "$jar" io.satbus.cli.Satbus satellite idle "$work/t.yaml" \
  2>"$work/dump.err" >/dev/null &
dump=$!
until grep -q "running, pid" "$work/dump.err" 2>/dev/null; do sleep 0.05; done
kill -TERM "$dump"; wait "$dump" 2>/dev/null || true

measure() {
  local label="$1"; shift
  local total_ms=0 total_kb=0
  for _ in $(seq "$n"); do
    local start end pid rss
    start=$(date +%s%N)
    java "$@" -cp "$jar" io.satbus.cli.Satbus satellite idle --instance 0 "$work/t.yaml" 2>"$work/err" &
    pid=$!
    until grep -q "running, pid" "$work/err" 2>/dev/null; do sleep 0.01; done
    end=$(date +%s%N)
    sleep 1
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    total_ms=$(( total_ms + (end - start) / 1000000 ))
    total_kb=$(( total_kb + rss ))
  done
  printf '%-44s start-up to READY %5d ms   RSS %6d KiB   (mean of %d)\n' "$label" $(( total_ms / n )) $(( total_kb / n )) "$n"
}

echo "java: $(java -version 2>&1 | head -1); $(nproc) cores"
measure "JVM defaults" 
measure "satbus run's child options (default)" -Xmx128m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto
measure "child options + AppCDS archive" -Xmx128m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile="$work/satbus.jsa"
measure "child options, -Xmx64m" -Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto
