#!/usr/bin/env bash
# Summarizes the CPU samples (jdk.ExecutionSample) of a JFR recording:
#   1. by component: each sample is charged to the nearest frame, from the top of the stack down,
#      that belongs to a known component (H2, Jackson, Olingo, the OData 3 writer, ...);
#   2. the hottest methods by self time (top frame).
# Usage: conformance-tests/bench/jfr-summary.sh recording.jfr [top-methods]
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 recording.jfr [top-methods]" >&2; exit 2; }
TOP=${2:-15}
jfr print --events jdk.ExecutionSample --stack-depth 96 "$1" | awk -v top="$TOP" '
function component(f) {
    if (f ~ /^org\.h2\./) return "H2 store (SQL, MVStore)"
    if (f ~ /^org\.jdbi\./) return "Jdbi (row mapping)"
    if (f ~ /^io\.gio\.spf\.query\./) return "gio query engine (EntityReader, SelectList, ColumnReader)"
    if (f ~ /^io\.gio\.odata\.query\.RowCompleter/) return "RowCompleter (all properties of the type)"
    if (f ~ /^io\.gio\.odata\.v3\./) return "gio OData 3 dialect (URL translation, JSON light writer)"
    if (f ~ /^io\.gio\.odata\.v4\./) return "gio OData 4 processors (EntityConverter)"
    if (f ~ /^org\.apache\.olingo\.server\.core\.serializer\./) return "Olingo serializer"
    if (f ~ /^org\.apache\.olingo\.server\.core\.uri\./) return "Olingo URI parser"
    if (f ~ /^org\.apache\.olingo\./) return "Olingo (other: handler, EDM, primitive types)"
    if (f ~ /^com\.fasterxml\.jackson\./) return "Jackson"
    if (f ~ /^io\.gio\.gateway\.http\.BenchPlainResource/) return "bench plain resource"
    if (f ~ /^io\.gio\./) return "gio (other)"
    if (f ~ /^org\.glassfish\.jersey\./) return "Jersey"
    if (f ~ /^org\.glassfish\.grizzly\./) return "Grizzly (HTTP, sockets)"
    if (f ~ /^sun\.nio\.ch\.|^java\.nio\./) return "NIO (sockets)"
    return ""
}
/^jdk\.ExecutionSample/ { n = 0; next }
/stackTrace = \[/ { inStack = 1; next }
inStack && /^[[:space:]]*\]/ {
    inStack = 0; total++
    if (n > 0) {
        self[frames[1]]++
        c = ""
        for (i = 1; i <= n && c == ""; i++) c = component(frames[i])
        comp[c == "" ? "JDK / other" : c]++
    }
    next
}
inStack {
    f = $0; sub(/^[[:space:]]+/, "", f); sub(/[[:space:]]+line:.*$/, "", f)
    if (f != "...") frames[++n] = f
}
END {
    if (total == 0) { print "no execution samples"; exit }
    printf "%d CPU samples\n\nby component (nearest known frame):\n", total
    for (c in comp) printf "%6.1f%%  %s\n", 100 * comp[c] / total, c | "sort -rn"
    close("sort -rn")
    printf "\nhottest methods (self):\n"
    for (m in self) printf "%6.1f%%  %s\n", 100 * self[m] / total, m | "sort -rn | head -" top
    close("sort -rn | head -" top)
}'
