package io.gio.spf.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.TestFabric;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The operator's history: a sample every 10 s at most, the last hour kept, each link and volume in every sample. */
class UsageHistoryTest {

    @Test
    void samplesEveryTenSecondsAndKeepsAnHour() throws Exception {
        try (TestFabric fabric = new TestFabric(0)) {
            UsageHistory history = new UsageHistory();
            Instant t = Instant.parse("2026-12-02T10:00:00Z");
            var engine = fabric.adapter.migrationEngine();
            history.maybeSample(t, fabric.driver, engine);
            history.maybeSample(t.plusSeconds(5), fabric.driver, engine);
            assertEquals(1, history.samples().size(), "not twice within 10 s");
            history.maybeSample(t.plusSeconds(10), fabric.driver, engine);
            assertEquals(2, history.samples().size());
            UsageHistory.Sample s = history.samples().get(1);
            assertEquals(t.plusSeconds(10), s.at());
            assertEquals(fabric.driver.links().size(), s.links().size());
            assertTrue(s.links().stream().allMatch(l -> l.budgetBitsPerSecond() > 0 && l.inUseBitsPerSecond() == 0));
            long volumes = fabric.driver.stamps().stream().mapToLong(x -> fabric.driver.volumes(x.id()).size()).sum();
            assertEquals(volumes, s.volumes().size());
            for (int i = 2; i < UsageHistory.KEEP + 50; i++) {
                history.maybeSample(t.plusSeconds(10L * i), fabric.driver, engine);
            }
            assertEquals(UsageHistory.KEEP, history.samples().size(), "the last hour only");
            assertEquals(t.plusSeconds(10L * 50), history.samples().get(0).at(), "the oldest dropped first");
        }
    }
}
