-- wrk script for run-benchmark.sh: prints one machine-readable RESULT line after the run.
-- Headers (Authorization, Accept, OData-MaxVersion) are given with -H on the command line.
-- Latencies are in microseconds inside wrk; printed in milliseconds.

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f "
      .. "bytes_per_req=%.0f non2xx=%d socket_errors=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests > 0 and summary.bytes / summary.requests or 0,
    e.status, e.connect + e.read + e.write + e.timeout))
end
