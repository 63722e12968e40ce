#!/usr/bin/env bash
# Recovery time after a SIGKILL of the orchester: runs 'satbus run' of generator (2,000 msg/s)
# -> transformer x2 -> sink as processes, kills the orchester N times (kill -9 of the pid in its
# pid file, 8 s of flow between kills), and reports for each kill the time until the supervisor
# had started a new orchester and the time until the sink file grew again. Then stops the run
# with SIGINT and prints its final line (every message accounted for). Not a test; numbers go
# to docs/performance.md.
#
#   bench/orchester-recovery.sh [N] [--no-tracker]   (default N=5; needs cli/target/satbus.jar)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/cli/target/satbus.jar"
n="${1:-5}"
shift || true
[ -f "$jar" ] || { echo "no $jar (expected: built by 'mvn -pl cli -am package')" >&2; exit 2; }
work="$(mktemp -d)"
run_pid=""
cleanup() {
  [ -n "$run_pid" ] && kill -TERM "$run_pid" 2>/dev/null && wait "$run_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# Three free ports below the ephemeral range (32768 and up), where no outgoing connection takes them.
used="$(ss -Htan 2>/dev/null | awk '{print $4}' | sed 's/.*://')"
port=0
for _ in $(seq 100); do
  p=$(( 20000 + RANDOM % 12000 ))
  if ! printf '%s\n' "$used" | grep -qx -e "$p" -e "$((p + 1))" -e "$((p + 2))"; then port=$p; break; fi
done
[ "$port" -gt 0 ] || { echo "no three free ports found" >&2; exit 2; }
cat > "$work/recovery.yaml" <<YAML
name: recovery
orchester: { host: 127.0.0.1, service_port: $port, pub_port: $((port + 1)), sub_port: $((port + 2)) }
tracker: { metrics: { http: "127.0.0.1:0" } }
supervisor: { window: 10m }
satellites:
  gen:   { type: generator, send_to: upper, config: { count: 0, rate: 2000, payload: msg, payload_size: 16 } }
  upper: { type: transformer, instances: 2, send_to: out, config: { op: upper } }
  out:   { type: sink, config: { path: out/sink.txt } }
YAML

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
size() { stat -c %s "$work/out/sink.txt" 2>/dev/null || echo 0; }

(cd "$work" && exec java -Xms32m -XX:+UseSerialGC -jar "$jar" run recovery.yaml --runs "$work/runs" \
  --progress 5s --grace 60s "$@" >"$work/run.out" 2>"$work/run.err") &
run_pid=$!
until [ "$(size)" -gt 20000 ]; do
  kill -0 "$run_pid" 2>/dev/null || { cat "$work/run.err" >&2; exit 1; }
  sleep 0.1
done
pidfile="$(ls "$work"/runs/*/orchester.pid)"
sleep 5

echo "java: $(java -version 2>&1 | head -1); $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
restarts=()
recoveries=()
for k in $(seq "$n"); do
  old="$(cat "$pidfile")"
  t0="$(now_ms)"
  kill -9 "$old"
  # Nothing reaches the sink without an orchester: once its size has not changed for 100 ms, it
  # has written what it held, and the next growth is new flow.
  last="$(size)"; still_since="$t0"; settled=""; t1=""
  while :; do
    t="$(now_ms)"
    p="$(cat "$pidfile")"
    if [ -z "$t1" ] && [ -n "$p" ] && [ "$p" != "$old" ]; then t1="$t"; fi
    [ $(( t - t0 )) -lt 120000 ] || { echo "kill $k: no flow 120 s after the kill" >&2; tail -20 "$work/run.err" >&2; exit 1; }
    s="$(size)"
    if [ -z "$settled" ]; then
      if [ "$s" != "$last" ]; then last="$s"; still_since="$t"
      elif [ $(( t - still_since )) -ge 100 ]; then settled="$last"; fi
    elif [ "$s" -gt "$settled" ]; then
      break
    fi
    sleep 0.002
  done
  t2="$(now_ms)"
  restarts+=( $(( t1 - t0 )) )
  recoveries+=( $(( t2 - t0 )) )
  printf 'kill %d: new orchester after %5d ms, sink growing again after %5d ms\n' "$k" $(( t1 - t0 )) $(( t2 - t0 ))
  sleep 8
done
sorted="$(printf '%s\n' "${recoveries[@]}" | sort -n)"
printf 'recovery (kill -> sink growing): min %d ms, median %d ms, max %d ms over %d kills\n' \
  "$(echo "$sorted" | head -1)" "$(echo "$sorted" | sed -n "$(( (n + 1) / 2 ))p")" "$(echo "$sorted" | tail -1)" "$n"
kill -INT "$run_pid"
wait "$run_pid" || true
run_pid=""
grep "drained" "$work/run.out" | tail -1
