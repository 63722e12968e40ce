#!/usr/bin/env bash
# How steady this machine is, beside which a benchmark's spread can be read: times three fixed
# pieces of work over and over (arithmetic within a core's cache, random updates across 256 MB,
# two threads waking each other) and prints how much their means differ between windows of
# 2 to 30 s. Run it alone on a quiet machine. Not a test.
#
#   bench/machine-noise.sh [--samples N]      (default 150: about three and a half minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl bench -am package -DskipTests
exec java -Xms512m -Xmx512m -cp bench/target/benchmarks.jar io.satbus.bench.MachineNoise "$@"
