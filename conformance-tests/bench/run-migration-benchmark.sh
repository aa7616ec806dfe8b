#!/usr/bin/env bash
# The migration benchmark of issue 5 (see docs/performance.md): downtime by strategy, the makespan
# of moving many VMs over the 10 Gbps link, and the scheduler's pass over a long queue. It runs the
# engine over the simulated fabric in process, on a virtual clock, and prints its numbers.
#
# Usage: conformance-tests/bench/run-migration-benchmark.sh [VMS [QUEUED]]   (defaults 1000 10000; 0 skips a part)
set -euo pipefail
cd "$(dirname "$0")/../.."
VMS=${1:-1000}
QUEUED=${2:-10000}
mvn -B -q -o install -DskipTests -pl cluster/spi,cluster/sim,migration -am >/dev/null 2>&1 \
    || mvn -B -q install -DskipTests -pl cluster/spi,cluster/sim,migration -am
mvn -B -q -o test-compile -pl conformance-tests 2>/dev/null || mvn -B -q test-compile -pl conformance-tests
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -q -o dependency:build-classpath -pl conformance-tests -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
exec java -Xmx2g -cp "conformance-tests/target/test-classes:$(cat "$CP_FILE")" \
    io.gio.conformance.bench.MigrationBenchmark "$VMS" "$QUEUED"
