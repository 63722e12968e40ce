#!/usr/bin/env bash
# Where a flat-out bench's CPU goes, by thread and by method, from async-profiler (itimer
# sampling every millisecond, JVM and native frames both: system calls, the collector, the JIT).
# bench/profile.sh gives the allocation side (Java Flight Recorder). Not a test.
#
#   bench/async-profile.sh [--alloc] [TOPOLOGY] [-- BENCH OPTIONS...]   (default: topologies/bench.yaml)
#
# --alloc profiles allocations instead (event=alloc, every 64 KB allocated, weighed in bytes):
# the bytes by thread, and the bytes per delivered message by the satbus method that allocates
# and what it allocates, each share of the run's allocations times the bench's B/msg (the shares
# include the warm-up, where the JIT has not yet removed every allocation it will).
#
# Fetches async-profiler's jar from Maven Central (tools.profiler:async-profiler) into the local
# Maven repository the first time. Prints the samples by thread, the methods most on top of the
# stack (self), and the satbus methods by the share of samples they are on the stack (inclusive),
# each over every thread but the JIT compilers'; the folded stacks stay in the results folder.
set -euo pipefail
cd "$(dirname "$0")/.."
version=4.0
mode=cpu
if [ "${1:-}" = "--alloc" ]; then
  mode=alloc
  shift
fi
topology=topologies/bench.yaml
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  topology="$1"
  shift
fi
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || set -- --warmup 8s --duration 10s
case "$(uname -m)" in
  x86_64) arch=linux-x64 ;;
  aarch64) arch=linux-arm64 ;;
  *) echo "async-profile.sh: machine $(uname -m) : not supported (expected: x86_64 or aarch64)" >&2; exit 2 ;;
esac
jar="$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
[ -f "$jar" ] || mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$version" >&2
work=$(mktemp -d /tmp/satbus-async-profile.XXXXXX)
unzip -q -o "$jar" "$arch/libasyncProfiler.so" -d "$work"
out="$work/results"
if [ "$mode" = alloc ]; then
  event="event=alloc,alloc=64k,total"
else
  event="event=itimer,interval=1ms"
fi
SATBUS_JAVA_OPTS="-Xms160m -Xmn96m -XX:+UseParallelGC -agentpath:$work/$arch/libasyncProfiler.so=start,$event,file=$work/$mode.collapsed,collapsed,threads" \
  ./satbus bench "$topology" --baseline 0s --out "$out" "$@" 2> "$work/bench.err" || { cat "$work/bench.err" >&2; exit 1; }
mv "$work/$mode.collapsed" "$out/$mode.collapsed"
if [ "$mode" = alloc ]; then
  python3 - "$out/alloc.collapsed" "$out/results.csv" <<'PY'
import collections, csv, re, sys
rows = list(csv.DictReader(open(sys.argv[2])))
per_msg = float(rows[0]['allocated_bytes_per_message'])
threads, sites = collections.Counter(), collections.Counter()
total = 0
for line in open(sys.argv[1]):
    stack, n = line.rstrip().rsplit(' ', 1)
    n = int(n)
    frames = stack.split(';')
    total += n
    threads[re.sub(r' ?tid=\d+\]', ']', frames[0])] += n
    satbus = [f for f in frames[1:-1] if f.startswith('io/satbus/') and '$$Lambda' not in f]
    where = satbus[-1].replace('/', '.') if satbus else '(outside satbus) ' + frames[min(2, len(frames) - 2)]
    sites[(where, re.sub(r'_\[[ik]\]$', '', frames[-1]))] += n
total = total or 1
print('\nbytes allocated (%.1f MB in the profile; %d B per delivered message in the bench) by thread:' % (total / 1e6, per_msg))
for k, n in threads.most_common(12):
    print('  %5.1f%%  %6.0f B/msg  %s' % (100 * n / total, per_msg * n / total, k))
print('\nby the satbus method that allocates, and what:')
for (where, what), n in sites.most_common(30):
    print('  %5.1f%%  %6.0f B/msg  %s  %s' % (100 * n / total, per_msg * n / total, where, what))
PY
  echo "folded stacks: $out/alloc.collapsed"
  exit 0
fi
python3 - "$out/cpu.collapsed" <<'PY'
import collections, re, sys
threads, self_, incl = collections.Counter(), collections.Counter(), collections.Counter()
total = 0
for line in open(sys.argv[1]):
    stack, n = line.rstrip().rsplit(' ', 1)
    n = int(n)
    frames = stack.split(';')
    thread = re.sub(r' ?tid=\d+\]', ']', frames[0])
    if 'Compiler' in thread:
        continue
    total += n
    threads[thread] += n
    self_[frames[-1]] += n
    for f in set(frames[1:]):
        if f.startswith('io/satbus/') and '$$Lambda' not in f:
            incl[f] += n
total = total or 1
print('\nCPU samples (%d, JIT compiler threads left out) by thread:' % total)
for k, n in threads.most_common(12):
    print('  %5.1f%%  %s' % (100 * n / total, k))
print('\nby method on top of the stack (self):')
for k, n in self_.most_common(25):
    print('  %5.1f%%  %s' % (100 * n / total, k))
print('\nsatbus methods by samples with them on the stack (inclusive):')
for k, n in incl.most_common(40):
    print('  %5.1f%%  %s' % (100 * n / total, k.replace('/', '.')))
PY
echo "folded stacks: $out/cpu.collapsed"
