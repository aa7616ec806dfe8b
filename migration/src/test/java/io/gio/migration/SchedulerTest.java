package io.gio.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The scheduler's decisions on hand-made snapshots. */
class SchedulerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final UUID LINK = UUID.randomUUID();
    private static final UUID SRC_A = UUID.randomUUID();
    private static final UUID SRC_B = UUID.randomUUID();
    private static final UUID TARGET = UUID.randomUUID();
    private static final UUID TARGET_2 = UUID.randomUUID();
    private static final UUID STAMP = UUID.randomUUID();
    private static final long GB = 1_000_000_000L;

    private static Scheduler.Capacity capacity(long linkBytesPerSecond, long targetFree) {
        return new Scheduler.Capacity(Map.of(LINK, linkBytesPerSecond),
                Map.of(SRC_A, 400_000_000L, SRC_B, 400_000_000L, TARGET, 1_500_000_000L, TARGET_2, 1_500_000_000L),
                Map.of(TARGET, targetFree, TARGET_2, targetFree), Map.of(STAMP, List.of(TARGET, TARGET_2)));
    }

    private static Scheduler.Entry queued(UUID source, long bytes, Instant notBefore) {
        return new Scheduler.Entry(UUID.randomUUID(), MigrationState.SCHEDULED, false, notBefore, bytes, source, TARGET,
                Optional.of(LINK), 0, Optional.empty(), Optional.empty(), Optional.empty(), STAMP, true);
    }

    private static Scheduler.Entry copying(UUID source, MigrationState state) {
        return new Scheduler.Entry(UUID.randomUUID(), state, true, NOW, 10 * GB, source, TARGET, Optional.of(LINK),
                10 * GB, Optional.empty(), Optional.of(UUID.randomUUID()), Optional.empty(), STAMP, true);
    }

    @Test
    void admitsLargestFirstWithinThePerVolumeCap() {
        List<Scheduler.Entry> entries = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            entries.add(queued(SRC_A, i * GB, NOW));
        }
        MigrationSettings settings = new MigrationSettings(Map.of(), 2, 32, Duration.ofDays(1));
        Scheduler.Plan plan = Scheduler.plan(entries, capacity(1_250_000_000L, 1000 * GB), settings, NOW);
        assertEquals(List.of(entries.get(5).id(), entries.get(4).id()), plan.admit(), "the two largest, the cap is 2");
        assertEquals(4, plan.queuedEstimates().size(), "every migration left in the queue has an estimate");
    }

    @Test
    void aWindowNotYetOpenAndATargetWithoutRoomWait() {
        Scheduler.Entry later = queued(SRC_A, GB, NOW.plusSeconds(3600));
        Scheduler.Entry tooBig = queued(SRC_B, 50 * GB, NOW);
        Scheduler.Plan plan = Scheduler.plan(List.of(later, tooBig), capacity(1_250_000_000L, 10 * GB),
                MigrationSettings.defaults(), NOW);
        assertTrue(plan.admit().isEmpty());
        assertTrue(plan.queuedEstimates().get(later.id()).isAfter(NOW.plusSeconds(3600)));
    }

    @Test
    void placesUnpinnedMigrationsOnTheVolumeWithMostRoomAtAdmission() {
        List<Scheduler.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            entries.add(new Scheduler.Entry(UUID.randomUUID(), MigrationState.SCHEDULED, false, NOW, 30 * GB, SRC_A,
                    TARGET, Optional.of(LINK), 0, Optional.empty(), Optional.empty(), Optional.empty(), STAMP, false));
        }
        // each volume holds 60 GB: scheduled together, all four named TARGET; two fit on each
        Scheduler.Plan plan = Scheduler.plan(entries, capacity(1_250_000_000L, 60 * GB), MigrationSettings.defaults(), NOW);
        assertEquals(4, plan.admit().size());
        assertEquals(2, plan.placements().values().stream().filter(TARGET::equals).count());
        assertEquals(2, plan.placements().values().stream().filter(TARGET_2::equals).count());
    }

    @Test
    void sharesTheLinkFairlyAndServesTheCutOverFirst() {
        Scheduler.Entry a = copying(SRC_A, MigrationState.PRECOPYING);
        Scheduler.Entry b = copying(SRC_B, MigrationState.PRECOPYING);
        Scheduler.Entry urgent = copying(SRC_B, MigrationState.CUTTING_OVER);
        Scheduler.Plan plan = Scheduler.plan(List.of(a, b, urgent), capacity(500_000_000L, 1000 * GB),
                MigrationSettings.defaults(), NOW);
        // SRC_B's 400 MB/s is shared by two copies: the cut-over takes its 200 MB/s first
        assertEquals(200_000_000L, plan.rates().get(urgent.id()));
        assertEquals(150_000_000L, plan.rates().get(a.id()));
        assertEquals(150_000_000L, plan.rates().get(b.id()));
    }

    @Test
    void theOperatorsBudgetCapsTheLink() {
        Scheduler.Entry a = copying(SRC_A, MigrationState.PRECOPYING);
        Scheduler.Entry b = copying(SRC_B, MigrationState.PRECOPYING);
        MigrationSettings settings = new MigrationSettings(Map.of(LINK, 800_000_000L), 4, 32, Duration.ofDays(1));
        Scheduler.Plan plan = Scheduler.plan(List.of(a, b), capacity(1_250_000_000L, 1000 * GB), settings, NOW);
        assertEquals(50_000_000L, plan.rates().get(a.id()), "800 Mbit/s is 100 MB/s, shared by two");
        assertEquals(50_000_000L, plan.rates().get(b.id()));
    }
}
