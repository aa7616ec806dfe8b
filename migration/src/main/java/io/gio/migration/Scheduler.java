package io.gio.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The scheduler's decisions, computed in memory from a snapshot: which scheduled migrations start
 * now, and the rate each copying migration may use.
 *
 * <p>Admission, in order of window start and then largest first (the longest copies start
 * early, which keeps the makespan near its bound): a migration starts when its window has begun,
 * its source volume and its link are under their concurrency caps, and its target volume has room
 * for its bytes besides what admitted migrations reserved (unless the tenant named one, the
 * volume with the most room is chosen then). The reservation is held until the
 * migration completes or rolls back.
 *
 * <p>Bandwidth, per link: the budget is the operator's budget for the link (its whole bandwidth by
 * default) but never more than the link's bandwidth less the tenants' guaranteed minimums, so
 * migration traffic never takes them. Copies in the cut-over (the VM is down) are served first;
 * the rest share what is left max-min fairly. Each copy is also capped by its source and target
 * volumes' throughput, shared among the copies on each volume.
 */
final class Scheduler {

    /** A migration as the scheduler sees it. */
    record Entry(UUID id, MigrationState state, boolean copying, Instant notBefore, long bytes, UUID sourceVolume,
            UUID targetVolume, Optional<UUID> link, long reservedBytes, Optional<Instant> estimate,
            Optional<UUID> transfer, Optional<Instant> retryAt, UUID targetStamp, boolean volumePinned) {

        boolean admitted() {
            return state == MigrationState.PRECOPYING || state == MigrationState.AWAITING_CUTOVER
                    || state == MigrationState.CUTTING_OVER || state == MigrationState.VERIFYING;
        }

        boolean urgent() {
            return state == MigrationState.CUTTING_OVER;
        }
    }

    /** What the fabric offers: bytes per second per link and volume, free bytes per volume. */
    record Capacity(Map<UUID, Long> linkBytesPerSecond, Map<UUID, Long> volumeThroughput, Map<UUID, Long> volumeFree,
            Map<UUID, List<UUID>> volumesByStamp) {}

    /** The decisions: migrations to start now, and rates in bytes per second by migration. */
    record Plan(List<UUID> admit, Map<UUID, Long> rates, Map<UUID, Instant> queuedEstimates,
            Map<UUID, UUID> placements) {}

    /** A fixed allowance for what is not copying: stop, import, boot. */
    static final Duration OVERHEAD = Duration.ofSeconds(90);

    private Scheduler() {
    }

    static Plan plan(List<Entry> entries, Capacity capacity, MigrationSettings settings, Instant now) {
        Map<UUID, Integer> perVolume = new HashMap<>();
        Map<UUID, Integer> perLink = new HashMap<>();
        Map<UUID, Long> reserved = new HashMap<>();
        List<Entry> copying = new ArrayList<>();
        List<Entry> queued = new ArrayList<>();
        for (Entry e : entries) {
            if (e.admitted()) {
                perVolume.merge(e.sourceVolume(), 1, Integer::sum);
                e.link().ifPresent(l -> perLink.merge(l, 1, Integer::sum));
                reserved.merge(e.targetVolume(), e.reservedBytes(), Long::sum);
                if (e.copying()) {
                    copying.add(e);
                }
            } else if (e.state() == MigrationState.SCHEDULED) {
                queued.add(e);
            }
        }
        queued.sort(queueOrder(now));
        List<UUID> admit = new ArrayList<>();
        Map<UUID, UUID> placements = new HashMap<>();
        Map<UUID, Instant> estimates = new HashMap<>(queued.size() * 2);
        Map<UUID, Long> queuedBytesAhead = new HashMap<>();
        Map<UUID, Long> budgets = new HashMap<>();
        for (Entry e : queued) {
            UUID linkKey = e.link().orElse(e.targetVolume());
            long ahead = queuedBytesAhead.merge(linkKey, e.bytes(), Long::sum);
            long rate = budgets.computeIfAbsent(linkKey, k -> Math.max(1, e.link().isPresent()
                    ? budget(k, capacity, settings) : capacity.volumeThroughput().getOrDefault(k, 1L)));
            boolean waiting = e.notBefore().isAfter(now);
            Instant start = waiting ? e.notBefore() : now;
            estimates.put(e.id(), start.plusSeconds(ahead / rate).plus(OVERHEAD));
            if (waiting) {
                continue;
            }
            boolean volumeOk = perVolume.getOrDefault(e.sourceVolume(), 0) < settings.maxPerSourceVolume();
            boolean linkOk = e.link().isEmpty() || perLink.getOrDefault(e.link().get(), 0) < settings.maxPerLink();
            if (!volumeOk || !linkOk) {
                continue;
            }
            UUID volume = place(e, capacity, reserved);
            long free = capacity.volumeFree().getOrDefault(volume, 0L) - reserved.getOrDefault(volume, 0L);
            if (free >= e.bytes()) {
                admit.add(e.id());
                placements.put(e.id(), volume);
                perVolume.merge(e.sourceVolume(), 1, Integer::sum);
                e.link().ifPresent(l -> perLink.merge(l, 1, Integer::sum));
                reserved.merge(volume, e.bytes(), Long::sum);
                estimates.remove(e.id());
                copying.add(new Entry(e.id(), MigrationState.PRECOPYING, true, e.notBefore(), e.bytes(),
                        e.sourceVolume(), volume, e.link(), e.bytes(), Optional.empty(), Optional.empty(),
                        Optional.empty(), e.targetStamp(), true));
            }
        }
        return new Plan(admit, rates(copying, capacity, settings), estimates, placements);
    }

    /**
     * Where an admitted migration's disks go: the volume the tenant named, or else the target
     * stamp's volume with the most room left after the reservations (never one of the source's).
     */
    private static UUID place(Entry e, Capacity capacity, Map<UUID, Long> reserved) {
        if (e.volumePinned()) {
            return e.targetVolume();
        }
        UUID best = e.targetVolume();
        long bestFree = Long.MIN_VALUE;
        for (UUID v : capacity.volumesByStamp().getOrDefault(e.targetStamp(), List.of())) {
            long free = capacity.volumeFree().getOrDefault(v, 0L) - reserved.getOrDefault(v, 0L);
            if (!v.equals(e.sourceVolume()) && free > bestFree) {
                best = v;
                bestFree = free;
            }
        }
        return best;
    }

    /** Windows that have begun first (all alike), then later windows by start; then largest first. */
    private static Comparator<Entry> queueOrder(Instant now) {
        return (a, b) -> {
            Instant sa = a.notBefore().isAfter(now) ? a.notBefore() : now;
            Instant sb = b.notBefore().isAfter(now) ? b.notBefore() : now;
            int c = sa.compareTo(sb);
            if (c != 0) {
                return c;
            }
            c = Long.compare(b.bytes(), a.bytes());
            return c != 0 ? c : a.id().compareTo(b.id());
        };
    }

    /** The bytes per second migrations may use on a link. */
    static long budget(UUID link, Capacity capacity, MigrationSettings settings) {
        long whole = capacity.linkBytesPerSecond().getOrDefault(link, 0L);
        long operator = settings.linkBudget(link).stream().map(b -> b / 8).findFirst().orElse(whole);
        return Math.max(0, Math.min(operator, whole));
    }

    private static Map<UUID, Long> rates(List<Entry> copying, Capacity capacity, MigrationSettings settings) {
        Map<UUID, Integer> onSource = new HashMap<>();
        Map<UUID, Integer> onTarget = new HashMap<>();
        for (Entry e : copying) {
            onSource.merge(e.sourceVolume(), 1, Integer::sum);
            onTarget.merge(e.targetVolume(), 1, Integer::sum);
        }
        Map<UUID, Long> caps = new HashMap<>();
        Map<UUID, List<Entry>> byLink = new HashMap<>();
        Map<UUID, Long> rates = new HashMap<>();
        for (Entry e : copying) {
            long src = capacity.volumeThroughput().getOrDefault(e.sourceVolume(), Long.MAX_VALUE) / onSource.get(e.sourceVolume());
            long tgt = capacity.volumeThroughput().getOrDefault(e.targetVolume(), Long.MAX_VALUE) / onTarget.get(e.targetVolume());
            caps.put(e.id(), Math.max(1, Math.min(src, tgt)));
            if (e.link().isPresent()) {
                byLink.computeIfAbsent(e.link().get(), k -> new ArrayList<>()).add(e);
            } else {
                rates.put(e.id(), caps.get(e.id()));
            }
        }
        byLink.forEach((link, list) -> {
            long left = budget(link, capacity, settings);
            for (Entry e : list) {
                if (e.urgent()) {
                    long r = Math.min(caps.get(e.id()), left);
                    rates.put(e.id(), Math.max(1, r));
                    left -= r;
                }
            }
            List<Entry> rest = new ArrayList<>(list.stream().filter(e -> !e.urgent()).toList());
            rest.sort(Comparator.comparingLong(e -> caps.get(e.id())));
            int n = rest.size();
            for (Entry e : rest) {
                long share = left / n--;
                long r = Math.min(caps.get(e.id()), share);
                rates.put(e.id(), Math.max(1, r));
                left -= r;
            }
        });
        return rates;
    }
}
