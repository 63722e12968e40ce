#!/usr/bin/env bash
# Where a flat-out bench's bytes and CPU go: runs `satbus bench` on a topology with Java Flight
# Recorder's profile settings and prints, from the recording, the allocation by the first satbus
# method on the stack and by allocation site, and the CPU samples by thread and by method.
# Not a test.
#
#   bench/profile.sh [TOPOLOGY] [-- BENCH OPTIONS...]     (default: topologies/bench.yaml)
set -euo pipefail
cd "$(dirname "$0")/.."
topology=topologies/bench.yaml
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  topology="$1"
  shift
fi
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || set -- --duration 10s
work=$(mktemp -d /tmp/satbus-profile.XXXXXX)
trap 'rm -rf "$work"' EXIT
SATBUS_JAVA_OPTS="-Xms160m -Xmn96m -XX:+UseParallelGC -XX:StartFlightRecording=filename=$work/bench.jfr,settings=profile" \
  ./satbus bench "$topology" --baseline 0s --out "$work/results" "$@" 2> "$work/bench.err" \
  | grep -v '^\[.*jfr' || { cat "$work/bench.err" >&2; exit 1; }
jfr print --json --events jdk.ObjectAllocationSample --stack-depth 24 "$work/bench.jfr" > "$work/alloc.json"
jfr print --json --events jdk.ExecutionSample --stack-depth 24 "$work/bench.jfr" > "$work/cpu.json"
python3 - "$work/alloc.json" "$work/cpu.json" <<'PY'
import collections, json, sys

def frames(e):
    st = e['values'].get('stackTrace') or {'frames': []}
    return [(f['method']['type']['name'].replace('/', '.'), f['method']['name']) for f in st['frames']]

def short(t, m):
    return t.split('.')[-1] + '.' + m

def ours(fs):
    return [short(t, m) for t, m in fs if t.startswith('io.satbus') and 'Lambda' not in t]

alloc = json.load(open(sys.argv[1]))['recording']['events']
total = sum(e['values']['weight'] for e in alloc) or 1
first, site = collections.Counter(), collections.Counter()
for e in alloc:
    fs = frames(e); w = e['values']['weight']; o = ours(fs)
    first[o[0] if o else '(JeroMQ I/O threads, JDK)'] += w
    site[(short(*fs[0]) if fs else '?') + '  <-  ' + (' < '.join(o[:3]) if o else '-')] += w
print('\nallocation (JFR samples, weighted) by the first satbus method on the stack:')
for k, w in first.most_common(15):
    print('  %5.1f%%  %s' % (100 * w / total, k))
print('\nallocation by site:')
for k, w in site.most_common(15):
    print('  %5.1f%%  %s' % (100 * w / total, k))
cpu = json.load(open(sys.argv[2]))['recording']['events']
n = len(cpu) or 1
thread, top = collections.Counter(), collections.Counter()
for e in cpu:
    t = (e['values'].get('sampledThread') or {}).get('javaName') or '?'
    thread[t] += 1
    fs = frames(e)
    top[short(*fs[0]) if fs else '?'] += 1
print('\nCPU samples (%d) by thread:' % len(cpu))
for k, c in thread.most_common(10):
    print('  %5.1f%%  %s' % (100 * c / n, k))
print('\nCPU samples by method (top of stack):')
for k, c in top.most_common(15):
    print('  %5.1f%%  %s' % (100 * c / n, k))
PY
