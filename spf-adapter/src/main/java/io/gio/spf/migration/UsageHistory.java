package io.gio.spf.migration;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.Link;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.Volume;
import io.gio.migration.MigrationEngine;
import io.gio.migration.MigrationSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What migrations used of the fabric over the last hour, for the operator's charts: every
 * {@link #EVERY} of real time, each link's rate in use and budget, and each volume's capacity,
 * use and what migrations reserve on it. Kept in memory (the last {@link #KEEP} samples), since
 * the gateway started; the operator view draws it and goes on sampling while it is open.
 */
public final class UsageHistory {

    /** How often a sample is taken. */
    public static final Duration EVERY = Duration.ofSeconds(10);
    /** How many samples are kept: an hour. */
    public static final int KEEP = 360;

    public record LinkPoint(UUID id, long inUseBitsPerSecond, long budgetBitsPerSecond) {}

    public record VolumePoint(UUID id, long capacityBytes, long usedBytes, long reservedBytes) {}

    public record Sample(Instant at, List<LinkPoint> links, List<VolumePoint> volumes) {}

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private Instant last;

    /** Takes a sample if the last one is {@link #EVERY} old (or there is none). */
    synchronized void maybeSample(Instant now, ClusterDriver driver, MigrationEngine engine) {
        if (last != null && Duration.between(last, now).compareTo(EVERY) < 0) {
            return;
        }
        last = now;
        MigrationEngine.Usage usage = engine.usage();
        MigrationSettings settings = engine.settings();
        List<LinkPoint> links = new ArrayList<>();
        for (Link l : driver.links()) {
            links.add(new LinkPoint(l.id(), 8 * usage.linkBytesPerSecond().getOrDefault(l.id(), 0L),
                    settings.linkBudget(l.id()).orElse(l.bandwidthBitsPerSecond())));
        }
        List<VolumePoint> volumes = new ArrayList<>();
        for (Stamp stamp : driver.stamps()) {
            for (Volume v : driver.volumes(stamp.id())) {
                volumes.add(new VolumePoint(v.id(), v.capacityBytes(), v.usedBytes(),
                        usage.reservedBytesByVolume().getOrDefault(v.id(), 0L)));
            }
        }
        samples.addLast(new Sample(now, List.copyOf(links), List.copyOf(volumes)));
        while (samples.size() > KEEP) {
            samples.removeFirst();
        }
    }

    /** The samples, oldest first. */
    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }
}
