#!/usr/bin/env bash
# GIO Gateway HTTP benchmark: OData 3 JSON light and OData 4 against the plain-Jackson ceiling.
#
# For each size N in $BENCH_SIZES it starts the packaged gateway on loopback with a fresh data
# directory, N extra demo VMs and --bench-endpoints, under -Xmx512m; warms every scenario up; then
# measures each scenario with wrk (closed loop, fixed threads and connections) and prints req/s,
# p50/p99 latency and the ratio to the plain-Jackson ceiling served by the same process, plus the
# latency of the scenario alone (one connection); finally it records the heap in use after a full
# GC. Results go to $BENCH_OUT/results.md (and results.tsv, rounds-N.tsv).
#
# Not part of `mvn verify` (a full run takes ~35 minutes). Needs: java 17 (with jcmd), wrk
# (`apt-get install wrk`), curl, awk, and the packaged gateway:
#   mvn -B -q install -DskipTests -pl gateway -am
#
# Usage:
#   conformance-tests/bench/run-benchmark.sh                       # the published run
#   BENCH_SIZES=200 BENCH_DURATION=2s BENCH_WARMUP=1s BENCH_ROUNDS=1 conformance-tests/bench/run-benchmark.sh  # smoke
#
# Settings (environment):
#   BENCH_SIZES        "1000 10000 100000"  extra demo VMs per run (the demo adds 13 hand-made VMs)
#   BENCH_WARMUP       15s      warm-up wrk run per scenario (all scenarios are warmed before any is measured)
#   BENCH_DURATION     10s      one measured wrk run of one scenario
#   BENCH_ROUNDS       3        measured rounds over all scenarios; each figure is the median over the rounds
#   BENCH_THREADS      2        wrk threads
#   BENCH_CONNECTIONS  8        wrk connections (closed loop: each sends its next request on the last answer)
#   BENCH_TIMEOUT      30s      wrk request timeout (a timed-out request counts as an error, not as a latency)
#   BENCH_HEAP         512m     gateway -Xmx
#   BENCH_JAVA_OPTS    ""       extra JVM options for the gateway
#   BENCH_JAR          gateway/target/gio-gateway.jar (with lib/ next to it)
#   BENCH_OUT          conformance-tests/target/bench
#   BENCH_KEEP_DATA    0        1 keeps the data directories
#   BENCH_PROFILE      0        1 records a JFR profile of each scenario's first measured round
#                               ($BENCH_OUT/profile-N-scenario.jfr, summarized by jfr-summary.sh into .txt);
#                               JFR costs a little, so publish unprofiled runs
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SIZES=${BENCH_SIZES:-"1000 10000 100000"}
WARMUP=${BENCH_WARMUP:-15s}
DURATION=${BENCH_DURATION:-10s}
ROUNDS=${BENCH_ROUNDS:-3}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-8}
TIMEOUT=${BENCH_TIMEOUT:-30s}
HEAP=${BENCH_HEAP:-512m}
JAVA_OPTS_EXTRA=${BENCH_JAVA_OPTS:-}
JAR=${BENCH_JAR:-$ROOT/gateway/target/gio-gateway.jar}
OUT=${BENCH_OUT:-$ROOT/conformance-tests/target/bench}
KEEP=${BENCH_KEEP_DATA:-0}
PROFILE=${BENCH_PROFILE:-0}
LUA=$HERE/report.lua
PW=bench-admin-password
AUTH="Authorization: Basic $(printf 'admin:%s' "$PW" | base64 -w0)"
SPF=/SC2012R2/VMM/Microsoft.Management.Odata.svc
CLK_TCK=$(getconf CLK_TCK)
NCPU=$(nproc)

die() { echo "run-benchmark: $*" >&2; exit 1; }
for tool in java jcmd wrk curl awk base64; do
    command -v "$tool" >/dev/null || die "'$tool' is missing (wrk: apt-get install wrk; jcmd: a JDK, not a JRE)"
done
[ -f "$JAR" ] && [ -d "$(dirname "$JAR")/lib" ] \
    || die "no packaged gateway at $JAR; build it: mvn -B -q install -DskipTests -pl gateway -am"

mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gio-bench.XXXXXX")
GW_PID=
cleanup() {
    if [ -n "$GW_PID" ] && kill -0 "$GW_PID" 2>/dev/null; then
        kill "$GW_PID" 2>/dev/null || true
        wait "$GW_PID" 2>/dev/null || true
    fi
    if [ "$KEEP" = 1 ]; then echo "data kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# A private copy of the jar and its libraries: a concurrent rebuild must not change them under us.
mkdir -p "$WORK/app"
cp "$JAR" "$WORK/app/gio-gateway.jar"
cp -r "$(dirname "$JAR")/lib" "$WORK/app/lib"

# The scenarios: name | path and query | extra header (besides Basic auth) | the ceiling it is compared with.
# OData 4 JSON with IEEE754Compatible=true is written by Olingo's own serializer (the gateway's
# V4JsonWriter takes only minimal metadata without it): the same 50 VMs, Int64 values as strings.
OLINGO_FORMAT="application%2Fjson%3Bodata.metadata%3Dminimal%3BIEEE754Compatible%3Dtrue"
FILTER="\$filter=Status%20eq%20'Running'%20and%20startswith(Name,'contoso-vm')&\$orderby=Name&\$top=50"
scenarios() { # $1 = ID, $2 = StampId of the single entity
    cat <<EOF
plain-page|/bench/plain/VirtualMachines?\$top=50||
v3-page|$SPF/VirtualMachines?\$top=50|Accept: application/json|plain-page
v4-page|$SPF/VirtualMachines?\$top=50|OData-MaxVersion: 4.0|plain-page
v4-page-olingo|$SPF/VirtualMachines?\$top=50&\$format=$OLINGO_FORMAT|OData-MaxVersion: 4.0|plain-page
plain-filtered|/bench/plain/VirtualMachines?$FILTER||
v3-filtered|$SPF/VirtualMachines?$FILTER|Accept: application/json|plain-filtered
v4-filtered|$SPF/VirtualMachines?$FILTER|OData-MaxVersion: 4.0|plain-filtered
plain-entity|/bench/plain/VirtualMachines(ID=$1,StampId=$2)||
v3-entity|$SPF/VirtualMachines(ID=guid'$1',StampId=guid'$2')|Accept: application/json|plain-entity
v4-entity|$SPF/VirtualMachines(ID=$1,StampId=$2)|OData-MaxVersion: 4.0|plain-entity
EOF
}

cpu_busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
proc_cpu() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

heap_used_mb() { # full GC first, so this is the live data
    jcmd "$GW_PID" GC.run >/dev/null
    sleep 1
    jcmd "$GW_PID" GC.heap_info | awk '/ heap .*used/ {
        for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); printf "%.1f", v / 1024; exit } }'
}

# wrk abandons requests still in flight when it stops; the gateway finishes them anyway. Wait
# until it is idle (under 10% of one CPU for a second), so no scenario pays for the one before.
wait_idle() {
    local i c0 c1
    for i in $(seq 1 600); do
        c0=$(proc_cpu "$GW_PID"); sleep 1; c1=$(proc_cpu "$GW_PID")
        [ $((c1 - c0)) -le $((CLK_TCK / 10)) ] && return 0
    done
    echo "WARNING: the gateway did not become idle within 10 minutes" >&2
}

# run_wrk DURATION THREADS CONNECTIONS URL HEADER
#   -> prints "RESULT ... gw_cpu_pct=.. wrk_cpu_pct=.. other_cpu_pct=.." (percent of the whole machine)
run_wrk() {
    local duration=$1 threads=$2 conns=$3 url=$4 header=$5
    local args=(-t"$threads" -c"$conns" -d"$duration" --timeout "$TIMEOUT" -s "$LUA" -H "$AUTH")
    [ -n "$header" ] && args+=(-H "$header")
    local busy0 gw0 t0 busy1 gw1 t1 res wrk_cpu
    busy0=$(cpu_busy); gw0=$(proc_cpu "$GW_PID"); t0=$(date +%s.%N)
    local TIMEFORMAT='%U %S'
    { time wrk "${args[@]}" "$url" >"$WORK/wrk.out" 2>&1 ; } 2>"$WORK/wrk.time"
    busy1=$(cpu_busy); gw1=$(proc_cpu "$GW_PID"); t1=$(date +%s.%N)
    res=$(grep '^RESULT' "$WORK/wrk.out") || { cat "$WORK/wrk.out" >&2; die "wrk failed on $url"; }
    wrk_cpu=$(awk '{print $1 + $2}' "$WORK/wrk.time")
    awk -v r="$res" -v b="$((busy1 - busy0))" -v g="$((gw1 - gw0))" -v w="$wrk_cpu" -v t0="$t0" -v t1="$t1" \
        -v hz="$CLK_TCK" -v n="$NCPU" 'BEGIN {
            cap = (t1 - t0) * n / 100
            gw = g / hz / cap; wk = w / cap; other = b / hz / cap - gw - wk; if (other < 0) other = 0
            printf "%s gw_cpu_pct=%.1f wrk_cpu_pct=%.1f other_cpu_pct=%.1f\n", r, gw, wk, other }'
    wait_idle
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }
# median NAME COLUMN / total_of NAME COLUMN: over the rounds of one scenario in $WORK/raw.tsv
median() {
    awk -F'\t' -v n="$1" -v c="$2" '$1 == n {print $c}' "$WORK/raw.tsv" | sort -g \
        | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'
}
total_of() { awk -F'\t' -v n="$1" -v c="$2" '$1 == n {t += $c} END {print t + 0}' "$WORK/raw.tsv"; }
ms() { awk -v v="$1" -v n="$2" 'BEGIN { if (n + 0 == 0) print "-"; else printf "%.1f", v }'; } # "-" when no request completed

RESULTS_TSV=$OUT/results.tsv
RESULTS_MD=$OUT/results.md
printf 'vms\tscenario\trounds\trps\tp50_ms\tp90_ms\tp99_ms\tbody_bytes\tnon2xx\tsocket_errors\tratio\tcpu_ms_per_req\tcpu_ratio\tgw_cpu_pct\twrk_cpu_pct\tother_cpu_pct\talone_rps\talone_p50_ms\talone_p99_ms\n' >"$RESULTS_TSV"

{
    echo "# GIO Gateway benchmark results"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "- machine: $(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo), $NCPU CPUs, $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
    echo "- java: $(java -version 2>&1 | head -1); gateway: -Xmx$HEAP $JAVA_OPTS_EXTRA"
    echo "- load generator: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), -t$THREADS -c$CONNS, timeout $TIMEOUT; warm-up $WARMUP per scenario, then $ROUNDS interleaved round(s) of $DURATION per scenario, medians reported; then one round alone (-t1 -c1)"
    echo "- build: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
    b0=$(cpu_busy); sleep 3; b1=$(cpu_busy)
    echo "- machine load before the run: $(awk -v d="$((b1 - b0))" -v hz="$CLK_TCK" -v n="$NCPU" 'BEGIN{printf "%.0f", d / hz / 3 / n * 100}')% CPU busy over 3 s, load average $(cut -d' ' -f1-3 /proc/loadavg), $(pgrep -c -f 'java|mvn' || true) other java/mvn processes"
    echo
} >"$RESULTS_MD"

for N in $SIZES; do
    echo "== $N extra demo VMs =="
    DATA=$WORK/data-$N
    LOG=$OUT/gateway-$N
    : >"$LOG.out"; : >"$LOG.err"   # before the start, so no earlier run's address is read
    start=$(date +%s.%N)
    GIO_ADMIN_PASSWORD=$PW GIO_DEMO_PASSWORD=bench-demo-password \
        java "-Xmx$HEAP" $JAVA_OPTS_EXTRA -jar "$WORK/app/gio-gateway.jar" serve --host 127.0.0.1 --port 0 \
        --data "$DATA" --demo-vms "$N" --bench-endpoints >"$LOG.out" 2>"$LOG.err" &
    GW_PID=$!
    BASE=
    while [ -z "$BASE" ]; do
        kill -0 "$GW_PID" 2>/dev/null || { tail -20 "$LOG.err" >&2; die "the gateway exited during start-up (log: $LOG.err)"; }
        BASE=$(sed -n 's/^GIO Gateway listening on \(http:[^ ]*\).*/\1/p' "$LOG.out")
        [ -n "$BASE" ] || sleep 0.5
    done
    until curl -fs "$BASE/healthz" >/dev/null; do sleep 0.2; done
    seed_s=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b - a}')
    heap_start=$(heap_used_mb)
    total=$(curl -fs -H "$AUTH" "$BASE$SPF/VirtualMachines/\$count")
    echo "listening on $BASE after ${seed_s}s; $total VMs; heap used after GC: ${heap_start} MB"

    # The single entity: one from the middle of the key order.
    one=$(curl -fs -H "$AUTH" "$BASE/bench/plain/VirtualMachines?\$skip=$((total / 2))&\$top=1")
    ID=$(grep -o '"ID":"[^"]*"' <<<"$one" | head -1 | cut -d'"' -f4)
    STAMP=$(grep -o '"StampId":"[^"]*"' <<<"$one" | head -1 | cut -d'"' -f4)
    [ -n "$ID" ] && [ -n "$STAMP" ] || die "cannot read a VM key from $one"

    mapfile -t SCEN < <(scenarios "$ID" "$STAMP")
    declare -A SIZE=() FIRST=()
    for s in "${SCEN[@]}"; do
        IFS='|' read -r name path header _ <<<"$s"
        out=$(curl -s -o "$WORK/check.json" -w '%{http_code} %{time_total}' -H "$AUTH" ${header:+-H "$header"} "$BASE$path")
        [ "${out% *}" = 200 ] || { head -c 500 "$WORK/check.json" >&2; die "$name answered ${out% *}: $path"; }
        SIZE[$name]=$(wc -c <"$WORK/check.json")
        FIRST[$name]=$(awk -v t="${out#* }" 'BEGIN{printf "%.0f", t * 1000}')
        if [ "$name" = "${name%entity}" ]; then
            count=$(grep -o '"ID"' "$WORK/check.json" | wc -l)
            [ "$count" = 50 ] || die "$name returned $count VMs, not 50: $path"
        fi
    done

    echo "warm-up: $WARMUP per scenario"
    for s in "${SCEN[@]}"; do
        IFS='|' read -r name path header _ <<<"$s"
        run_wrk "$WARMUP" "$THREADS" "$CONNS" "$BASE$path" "$header" >/dev/null
    done

    # Measured runs: the scenarios in turn, $ROUNDS times over (interleaved, so a burst of foreign
    # load hits every scenario alike); each figure reported is the median over the rounds.
    : >"$WORK/raw.tsv"
    for round in $(seq 1 "$ROUNDS"); do
        echo "round $round of $ROUNDS: $DURATION per scenario, -t$THREADS -c$CONNS"
        for s in "${SCEN[@]}"; do
            IFS='|' read -r name path header _ <<<"$s"
            [ "$PROFILE" = 1 ] && [ "$round" = 1 ] && jcmd "$GW_PID" JFR.start name=bench settings=profile >/dev/null
            r=$(run_wrk "$DURATION" "$THREADS" "$CONNS" "$BASE$path" "$header")
            if [ "$PROFILE" = 1 ] && [ "$round" = 1 ]; then
                jcmd "$GW_PID" JFR.stop name=bench filename="$OUT/profile-$N-$name.jfr" >/dev/null
                "$HERE/jfr-summary.sh" "$OUT/profile-$N-$name.jfr" >"$OUT/profile-$N-$name.txt"
            fi
            non2xx=$(field non2xx "$r"); errs=$(field socket_errors "$r")
            [ "$non2xx" = 0 ] && [ "$errs" = 0 ] || echo "WARNING: $name had $non2xx non-2xx answers and $errs socket errors/timeouts" >&2
            printf '%s' "$name" >>"$WORK/raw.tsv"
            for f in rps p50_ms p90_ms p99_ms max_ms bytes_per_req non2xx socket_errors gw_cpu_pct wrk_cpu_pct other_cpu_pct; do
                printf '\t%s' "$(field "$f" "$r")" >>"$WORK/raw.tsv"
            done
            # The gateway's CPU time per request: insensitive to CPU taken by other processes.
            awk -v p="$(field gw_cpu_pct "$r")" -v q="$(field rps "$r")" -v n="$NCPU" \
                'BEGIN { printf "\t%s\n", (q > 0 ? sprintf("%.3f", p / 100 * n * 1000 / q) : "inf") }' >>"$WORK/raw.tsv"
            printf '  %-15s %9.1f req/s  p50 %9s ms  p99 %9s ms  cpu%% gw/wrk/other %s/%s/%s\n' "$name" "$(field rps "$r")" \
                "$(field p50_ms "$r")" "$(field p99_ms "$r")" "$(field gw_cpu_pct "$r")" "$(field wrk_cpu_pct "$r")" \
                "$(field other_cpu_pct "$r")"
        done
    done

    # Each scenario alone: one connection, so the latency is the service time without queueing.
    echo "alone: $DURATION per scenario, -t1 -c1"
    declare -A ALONE=() ALONE_NOTE=()
    for s in "${SCEN[@]}"; do
        IFS='|' read -r name path header _ <<<"$s"
        r=$(run_wrk "$DURATION" 1 1 "$BASE$path" "$header")
        ALONE[$name]="$(field rps "$r") $(field p50_ms "$r") $(field p99_ms "$r")"
        if [ "$(field requests "$r")" -lt 5 ]; then
            # Too slow for the window: time 5 requests one after the other instead (p50 = median, p99 = slowest).
            for i in 1 2 3 4 5; do
                curl -s -o /dev/null -w '%{time_total}\n' -H "$AUTH" ${header:+-H "$header"} "$BASE$path"
            done | sort -g | awk '{t[NR] = $1 * 1000; s += $1} END {printf "%.3f %.3f %.3f\n", NR / s, t[3], t[5]}' >"$WORK/seq"
            ALONE[$name]=$(cat "$WORK/seq")
            ALONE_NOTE[$name]=" (5 sequential requests)"
            wait_idle
        fi
        read -r a_rps a_p50 a_p99 <<<"${ALONE[$name]}"
        printf '  %-15s %9.1f req/s  p50 %9s ms  p99 %9s ms%s\n' "$name" "$a_rps" "$a_p50" "$a_p99" "${ALONE_NOTE[$name]:-}"
    done

    {
        echo "## $N extra demo VMs ($total VMs in all)"
        echo
        echo "Start-up with seeding: ${seed_s} s. Heap used after a full GC: ${heap_start} MB after start-up, HEAP_END MB after the run (-Xmx$HEAP)."
        echo
        echo "| scenario | req/s | p50 ms | p90 ms | p99 ms | ratio to ceiling (req/s) | gateway CPU ms/req | ratio to ceiling (CPU) | errors | alone: req/s, p50, p99 ms | first request ms | body bytes | CPU % gateway / wrk / other |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|"
    } >"$WORK/section.md"
    echo "medians of $ROUNDS round(s):"
    printf '%-15s %9s %8s %8s %8s %7s %8s %7s %6s  %-24s %s\n' scenario req/s p50_ms p90_ms p99_ms ratio cpu_ms cpu_rat errors \
        'alone req/s p50 p99' 'cpu% gw/wrk/other'
    declare -A RPS=() CPUMS=()
    for s in "${SCEN[@]}"; do
        IFS='|' read -r name _ _ ceiling <<<"$s"
        rps=$(median "$name" 2); RPS[$name]=$rps
        p50=$(ms "$(median "$name" 3)" "$rps"); p90=$(ms "$(median "$name" 4)" "$rps"); p99=$(ms "$(median "$name" 5)" "$rps")
        non2xx=$(total_of "$name" 8); errs=$((non2xx + $(total_of "$name" 9)))
        cpu=$(printf '%.0f / %.0f / %.0f' "$(median "$name" 10)" "$(median "$name" 11)" "$(median "$name" 12)")
        cpums=$(median "$name" 13); CPUMS[$name]=$cpums
        ratio=-; cpuratio=-
        if [ -n "$ceiling" ]; then
            ratio=$(awk -v a="$rps" -v b="${RPS[$ceiling]}" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "-" }')
            cpuratio=$(awk -v a="$cpums" -v b="${CPUMS[$ceiling]}" 'BEGIN{ if (a > 0 && a != "inf") printf "%.2f", b / a; else print "-" }')
        fi
        read -r a_rps a_p50 a_p99 <<<"${ALONE[$name]}"
        alone=$(printf '%.1f, %s, %s%s' "$a_rps" "$(ms "$a_p50" "$a_rps")" "$(ms "$a_p99" "$a_rps")" "${ALONE_NOTE[$name]:-}")
        printf '%-15s %9.1f %8s %8s %8s %7s %8s %7s %6s  %-24s %s\n' "$name" "$rps" "$p50" "$p90" "$p99" "$ratio" "$cpums" \
            "$cpuratio" "$errs" "$alone" "$cpu"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$N" "$name" "$ROUNDS" "$rps" "$p50" "$p90" \
            "$p99" "${SIZE[$name]}" "$non2xx" "$((errs - non2xx))" "$ratio" "$cpums" "$cpuratio" "${cpu// \/ /$'\t'}" "$a_rps" \
            "$a_p50" "$a_p99" >>"$RESULTS_TSV"
        printf '| %s | %.1f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p90" "$p99" \
            "$ratio" "$cpums" "$cpuratio" "$errs" "$alone" "${FIRST[$name]}" "${SIZE[$name]}" "$cpu" >>"$WORK/section.md"
    done
    cp "$WORK/raw.tsv" "$OUT/rounds-$N.tsv"

    heap_end=$(heap_used_mb)
    rss=$(awk '/VmHWM/{printf "%.0f", $2/1024}' "/proc/$GW_PID/status")
    if grep -q OutOfMemoryError "$LOG.err"; then
        echo "WARNING: the gateway logged an OutOfMemoryError" >&2
        oom="; **the gateway logged an OutOfMemoryError**"
    else
        oom="; no OutOfMemoryError"
    fi
    echo "heap used after GC: ${heap_end} MB at the end; peak RSS ${rss} MB"
    sed "s/HEAP_END/$heap_end/; s/(-Xmx$HEAP)\./(-Xmx$HEAP); peak RSS $rss MB$oom./" "$WORK/section.md" >>"$RESULTS_MD"
    echo >>"$RESULTS_MD"
    kill "$GW_PID"; wait "$GW_PID" 2>/dev/null || true; GW_PID=
    [ "$KEEP" = 1 ] || rm -rf "$DATA"
done

echo "results: $RESULTS_MD and $RESULTS_TSV"
