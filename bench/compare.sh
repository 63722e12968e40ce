#!/usr/bin/env bash
# satbus beside NATS and RabbitMQ on this machine: the same pipeline (generator -> worker ->
# sink, 100-byte payloads, at most 1,000 messages on their way) on each system, in interleaved
# rounds, each server started on loopback ports of its own for its turn only and stopped after.
# Prints the table of docs/performance.md with satbus's ratio to each (and every round's figures on
# standard error). Before each round and each server it waits for a quiet machine. Not a test.
#
#   bench/compare.sh [--rounds N] [--seconds S] [--warmup S]      (defaults: 5, 30, 10)
#
# Each system is measured for 30 s a round: on a virtual machine whose memory and wake-ups change
# speed from one second to the next, rounds of 10 s spread by as much as the machine does
# (bench/machine-noise.sh measures it; docs/performance.md).
#
# Installs nats-server and rabbitmq-server from Debian when missing (as root, or through sudo)
# without starting their daemons, and builds the harness (compare/, mvn -Pcompare).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=5 seconds=30 warmup=10
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    *) echo "compare.sh: option $1 : unknown (expected: --rounds N, --seconds S, --warmup S)" >&2; exit 2 ;;
  esac
done

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=()
command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || missing+=(nats-server)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "compare.sh: installing ${missing[*]} (their daemons are not started)" >&2
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    # tells the packages' scripts not to start the daemons
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  [ "$made_policy" -eq 0 ] || $sudo rm -f /usr/sbin/policy-rc.d
fi
NATS_SERVER=$(command -v nats-server || echo /usr/sbin/nats-server)

mvn -B -q -Pcompare -pl compare -am package -DskipTests
./satbus --version >/dev/null   # builds satbus's jar when needed
jeromq_version=$(sed -n 's:.*<jeromq.version>\(.*\)</jeromq.version>.*:\1:p' pom.xml)
jeromq_jar="${MAVEN_REPO:-$HOME/.m2/repository}/org/zeromq/jeromq/$jeromq_version/jeromq-$jeromq_version.jar"

work=$(mktemp -d /tmp/satbus-compare.XXXXXX)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
  # RabbitMQ leaves its own epmd (Erlang's port mapper) behind
  if [ -n "${epmd_port:-}" ]; then
    ERL_EPMD_PORT="$epmd_port" epmd -kill >/dev/null 2>&1 || true
    epmd_port=""
  fi
}
trap 'stop_server; rm -rf "$work"' EXIT
# Waits (at most 30 s) until the machine is quiet: less than 15% of its CPU busy over a second,
# after a sync. A system stopped just before can leave work behind it (the kernel writing back a
# file store's dirty pages, a server's threads winding down) that the next one would pay for.
settle() {
  sync
  local t
  for t in $(seq 1 30); do
    if python3 - <<'PY'
import sys, time
def sample():
    f = [int(x) for x in open('/proc/stat').readline().split()[1:]]
    return sum(f), f[3] + f[4]
t0, i0 = sample(); time.sleep(1); t1, i1 = sample()
sys.exit(0 if t1 > t0 and 1 - (i1 - i0) / (t1 - t0) < 0.15 else 1)
PY
    then
      [ "$t" -eq 1 ] || echo "compare.sh: the machine settled after ${t} s" >&2
      return 0
    fi
  done
  echo "compare.sh: the machine was still busy after 30 s; going on" >&2
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "compare.sh: nothing listens on 127.0.0.1:$1 after 60 s (see $work)" >&2
  exit 1
}

start_nats() {
  local dir="$work/nats-$1"; mkdir -p "$dir"
  nats_port=$(free_port)
  "$NATS_SERVER" -a 127.0.0.1 -p "$nats_port" -js -sd "$dir" > "$dir/log" 2>&1 &
  server_pid=$!
  wait_port "$nats_port"
}

start_rabbit() {
  local dir="$work/rabbit-$1"; mkdir -p "$dir"
  rabbit_port=$(free_port); epmd_port=$(free_port); dist_port=$(free_port)
  echo "[]." > "$dir/enabled_plugins"
  printf 'listeners.tcp.default = 127.0.0.1:%s\n' "$rabbit_port" > "$dir/rabbitmq.conf"
  HOME="$dir" RABBITMQ_NODENAME="satbuscmp$1@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$rabbit_port" RABBITMQ_DIST_PORT="$dist_port" RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq" RABBITMQ_PID_FILE="$dir/pid" ERL_EPMD_ADDRESS=127.0.0.1 \
    ERL_EPMD_PORT="$epmd_port" setsid /usr/lib/rabbitmq/bin/rabbitmq-server > "$dir/out.log" 2>&1 &
  wait_port "$rabbit_port"
  server_pid=$(cat "$dir/pid")
}

peer() {  # SYSTEM ROUND ARGS...
  local system="$1" round="$2"; shift 2
  java -jar compare/target/compare.jar "$system" --warmup "$warmup" --seconds "$seconds" --server-pid "$server_pid" "$@" \
    | grep '^RESULT' | sed "s/^RESULT /RESULT round=$round /" >> "$work/results.txt"
}

for r in $(seq 1 "$rounds"); do
  echo "compare.sh: round $r of $rounds" >&2
  settle
  ./satbus bench topologies/bench.yaml --vary tracker=on,off --warmup "${warmup}s" --duration "${seconds}s" \
    --baseline 0s --out "$work/satbus-$r" > "$work/satbus-$r.log" 2>&1
  # the same with JeroMQ's own zmq.Signaler ahead of the one satbus builds (docs/performance.md)
  SATBUS_CLASSPATH="$jeromq_jar" ./satbus bench topologies/bench.yaml --vary tracker=on --warmup "${warmup}s" \
    --duration "${seconds}s" --baseline 0s --out "$work/stock-$r" > "$work/stock-$r.log" 2>&1
  for results in "$work/satbus-$r/results.csv" "$work/stock-$r/results.csv"; do
  python3 - "$results" "$r" >> "$work/results.txt" <<'PY'
import csv, sys
for row in csv.DictReader(open(sys.argv[1])):
    rate = float(row['throughput_msgs_per_s'])
    system = 'satbus-tracker-' + ('on' if row['tracking'] == 'true' else 'off')
    if '/stock-' in sys.argv[1]:
        system = 'satbus-stock-signaler'
    cpu = float(row['cpu_cores']) / rate * 1e6 if rate else 0.0
    print('RESULT round=%s system=%s msgs_per_s=%.0f p50_ms=%.2f p99_ms=%.2f cpu_us_per_msg=%.1f' % (
        sys.argv[2], system, rate, int(row['p50_us']) / 1000, int(row['p99_us']) / 1000, cpu))
PY
  done
  settle
  start_nats "$r"
  for s in nats-request nats-publish jetstream; do
    peer "$s" "$r" --url "nats://127.0.0.1:$nats_port"
  done
  stop_server
  settle
  start_rabbit "$r"
  peer rabbitmq "$r" --port "$rabbit_port"
  stop_server
done

sed 's/^RESULT /compare.sh: /' "$work/results.txt" >&2   # every round, for its spread
python3 - "$work/results.txt" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', line))
    rows.setdefault(f['system'], []).append(f)
names = [
    ('satbus-tracker-on', 'satbus, tracker on', 'at-least-once, deadlines'),
    ('satbus-tracker-off', 'satbus, tracker off', 'acked, at-least-once'),
    ('satbus-stock-signaler', "satbus, tracker on, JeroMQ's own signaler", 'at-least-once, deadlines'),
    ('nats-request', 'NATS core, request/reply at each hop', 'acked, at-most-once'),
    ('nats-publish', 'NATS core, publish', 'at-most-once'),
    ('jetstream', 'NATS JetStream, work queues, explicit acks', 'at-least-once, file store'),
    ('rabbitmq', 'RabbitMQ, 2 queues, confirms + manual acks', 'at-least-once, persistent'),
]
med = lambda rs, k: statistics.median(float(r[k]) for r in rs)
base = med(rows['satbus-tracker-on'], 'msgs_per_s') if 'satbus-tracker-on' in rows else None
print('| system | delivery | msg/s (median of %d; min-max) | spread | p50 / p99 ms | CPU per delivered message | satbus (tracker on) / it |' % max(len(v) for v in rows.values()))
print('| --- | --- | --- | --- | --- | --- | --- |')
for key, label, delivery in names:
    rs = rows.get(key)
    if not rs:
        continue
    rate = med(rs, 'msgs_per_s')
    lo = min(float(r['msgs_per_s']) for r in rs); hi = max(float(r['msgs_per_s']) for r in rs)
    ratio = '%.2fx' % (base / rate) if base and rate else '-'
    spread = '%.0f%%' % (100 * (hi - lo) / rate) if rate else '-'
    print('| %s | %s | %s (%s-%s) | %s | %.2f / %.2f | %.1f us | %s |' % (label, delivery, format(round(rate), ','),
        format(round(lo), ','), format(round(hi), ','), spread, med(rs, 'p50_ms'), med(rs, 'p99_ms'),
        med(rs, 'cpu_us_per_msg'), ratio))
PY
