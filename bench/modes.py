#!/usr/bin/env python3
"""Whether a flat-out `satbus bench` runs in modes: per run, its throughput and CPU per message,
and for each of its threads the share of a core it took, how often it slept and woke (voluntary
context switches, also per thousand messages), how often it was preempted, and how often pairs
of threads ran on the same core (sampled every 50 ms). All from /proc during 5 s of each
measurement. Not a test.

    python3 bench/modes.py [RUNS] [-- BENCH OPTIONS...]     (default: 6 runs, tracker on)

Builds satbus's jar first when needed (./satbus --version). Linux only.
"""
import collections
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, 'cli', 'target', 'satbus.jar')
JVM = ['-Xms160m', '-Xmn96m', '-XX:+UseParallelGC']   # the satbus script's defaults
WARMUP_S, SAMPLE_S = 8, 5
THREADS = {'satbus-orchest': 'orchester', 'iothread': 'io', 'satbus-upper': 'upper', 'satbus-out': 'out',
           'satbus-gen': 'gen', 'satbus-tracker': 'tracker', 'GC Thread': 'gc'}
PAIRS = [('orchester', 'io'), ('orchester', 'upper'), ('io', 'upper'), ('upper', 'out'), ('gen', 'upper')]


def role(name):
    # /proc keeps the first 15 bytes of a thread's name
    for prefix, r in THREADS.items():
        if name.startswith(prefix):
            return r
    return 'other'


def sample(pid):
    """tid -> (role, cpu ticks, voluntary, involuntary switches, core last run on)."""
    out = {}
    for tid in os.listdir('/proc/%d/task' % pid):
        try:
            with open('/proc/%d/task/%s/stat' % (pid, tid)) as f:
                stat = f.read()
            with open('/proc/%d/task/%s/status' % (pid, tid)) as f:
                status = f.read()
        except OSError:
            continue   # the thread ended
        fields = stat[stat.rindex(')') + 2:].split()
        out[tid] = (role(stat[stat.index('(') + 1:stat.rindex(')')]), int(fields[11]) + int(fields[12]),
                    int(re.search(r'\nvoluntary_ctxt_switches:\s+(\d+)', status).group(1)),
                    int(re.search(r'nonvoluntary_ctxt_switches:\s+(\d+)', status).group(1)), int(fields[36]))
    return out


def one_run(n, bench_args):
    p = subprocess.Popen(['java'] + JVM + ['-jar', JAR, 'bench', os.path.join(ROOT, 'topologies', 'bench.yaml'),
                          '--warmup', '%ds' % WARMUP_S, '--duration', '8s', '--baseline', '0s'] + bench_args,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    time.sleep(WARMUP_S + 2.5)   # start-up, the warm-up, and a little of the measurement
    before, t0 = sample(p.pid), time.time()
    together, samples = collections.Counter(), 0
    while time.time() - t0 < SAMPLE_S:
        core = {}
        for r, _, _, _, c in sample(p.pid).values():
            core.setdefault(r, c)
        samples += 1
        for a, b in PAIRS:
            if a in core and b in core and core[a] == core[b]:
                together[a + '/' + b] += 1
        time.sleep(0.05)
    after, dt = sample(p.pid), time.time() - t0
    out, _ = p.communicate()
    row = [line.split() for line in out.splitlines() if line.startswith('as written')]
    if not row:
        sys.exit('modes.py: run %d : no result line from satbus bench (expected: "as written ...")' % n)
    msgs, cores = float(row[0][2]), float(row[0][15])
    print('run %d: %d msg/s, %.2f us CPU per message' % (n, msgs, cores / msgs * 1e6))
    per_role = collections.defaultdict(lambda: [0, 0, 0])
    for tid, (r, cpu, vol, invol, _) in after.items():
        if tid in before:
            per_role[r][0] += cpu - before[tid][1]
            per_role[r][1] += vol - before[tid][2]
            per_role[r][2] += invol - before[tid][3]
    hz = os.sysconf('SC_CLK_TCK')
    for r in list(THREADS.values()) + ['other']:
        if r in per_role:
            cpu, vol, invol = per_role[r]
            print('  %-9s %5.1f%% of a core  woke %6.0f/s (%5.1f per 1k msgs)  preempted %6.0f/s'
                  % (r, 100.0 * cpu / hz / dt, vol / dt, vol / dt / msgs * 1000, invol / dt))
    print('  same core: ' + ', '.join('%s %.0f%%' % (k, 100.0 * together[k] / samples)
                                      for k in (a + '/' + b for a, b in PAIRS)))


def main():
    args = sys.argv[1:]
    runs = 6
    if args and args[0] != '--':
        runs = int(args.pop(0))
    if args and args[0] == '--':
        args = args[1:]
    subprocess.run([os.path.join(ROOT, 'satbus'), '--version'], check=True, stdout=subprocess.DEVNULL)
    for n in range(1, runs + 1):
        one_run(n, args)


if __name__ == '__main__':
    main()
