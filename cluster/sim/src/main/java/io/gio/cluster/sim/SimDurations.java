package io.gio.cluster.sim;

import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * How long the simulated fabric takes, in simulated time. Every modelled duration lives here.
 *
 * <ul>
 * <li>START: 30 s from STOPPED (boot), 10 s from SAVED (memory restore);</li>
 * <li>SHUTDOWN: 45 s (the guest shuts itself down); TURN_OFF: 3 s; RESET: 20 s; REBOOT: a
 * SHUTDOWN and a START from STOPPED;</li>
 * <li>PAUSE and RESUME: 2 s each;</li>
 * <li>SAVE: 5 s plus the VM's memory written at 200 MB/s;</li>
 * <li>DELETE: 10 s;</li>
 * <li>CREATE: each disk's used bytes copied at its target volume's throughput (one after the
 * other), plus 20 s of configuration, plus a 30 s start when the VM starts after creation;</li>
 * <li>RECONFIGURE: 5 s;</li>
 * <li>DISK_EXPAND: 5 s (every disk here is dynamically expanding: growing one rewrites its
 * metadata, not its data);</li>
 * <li>CHECKPOINT_CREATE: 5 s, plus the VM's memory written at 200 MB/s when it is RUNNING or
 * PAUSED (a checkpoint of a live VM saves its memory, like SAVE);</li>
 * <li>CHECKPOINT_RESTORE: 10 s;</li>
 * <li>CHECKPOINT_DELETE: the merge of the checkpoint's delta at the throughput of the volume of the
 * VM's boot disk, at least 2 s;</li>
 * <li>BACKUP_CREATE: the sum of the VM's disks' used bytes copied at the throughput of the slowest
 * volume among its disks', at least 2 s;</li>
 * <li>BACKUP_RESTORE: the backup's size copied back at that same throughput, at least 2 s;</li>
 * <li>NIC_ADD and NIC_REMOVE: 5 s each (a configuration change, like RECONFIGURE); NIC_CONNECT:
 * 2 s (the switch port moves while the VM runs).</li>
 * <li>a transfer ({@link io.gio.cluster.spi.MigrationSupport}): its copy moves the bytes still to
 * copy at its rate, from its start or its last throttle on (the rate: the asked one, capped by the
 * throughput of the slowest volume of the source VM's disks and of the target volume); then a
 * conversion to another disk format costs the copied bytes again, and a DELTA's merge into the
 * target copy its bytes, at the target volume's throughput. Guests write at the sum of their
 * disks' dirty rates while RUNNING, which is what a DELTA copies;</li>
 * <li>IMPORT: 5 s of registration (Hyper-V reads the configuration and the cluster takes the VM
 * in); the switch-over that imports a LIVE chain instead: 200 ms (the last dirty memory and the
 * device state move while the guest is briefly paused).</li>
 * </ul>
 */
final class SimDurations {

    static final Duration START_FROM_STOPPED = Duration.ofSeconds(30);
    static final Duration START_FROM_SAVED = Duration.ofSeconds(10);
    static final Duration SHUTDOWN = Duration.ofSeconds(45);
    static final Duration TURN_OFF = Duration.ofSeconds(3);
    static final Duration RESET = Duration.ofSeconds(20);
    static final Duration PAUSE = Duration.ofSeconds(2);
    static final Duration RESUME = Duration.ofSeconds(2);
    static final Duration SAVE_BASE = Duration.ofSeconds(5);
    static final long SAVE_MEMORY_MB_PER_SECOND = 200;
    static final Duration DELETE = Duration.ofSeconds(10);
    static final Duration CREATE_CONFIGURATION = Duration.ofSeconds(20);
    static final Duration RECONFIGURE = Duration.ofSeconds(5);
    static final Duration DISK_EXPAND = Duration.ofSeconds(5);
    static final Duration CHECKPOINT_CREATE_BASE = Duration.ofSeconds(5);
    static final Duration CHECKPOINT_RESTORE = Duration.ofSeconds(10);
    static final Duration CHECKPOINT_DELETE_MIN = Duration.ofSeconds(2);
    static final Duration BACKUP_COPY_MIN = Duration.ofSeconds(2);
    static final Duration NIC_ADD = Duration.ofSeconds(5);
    static final Duration NIC_CONNECT = Duration.ofSeconds(2);
    static final Duration NIC_REMOVE = Duration.ofSeconds(5);
    static final Duration IMPORT = Duration.ofSeconds(5);
    static final Duration LIVE_SWITCH_OVER = Duration.ofMillis(200);

    private SimDurations() {
    }

    static Duration save(int memoryMb) {
        return SAVE_BASE.plusMillis(ceilDiv(memoryMb * 1000L, SAVE_MEMORY_MB_PER_SECOND));
    }

    /** A copy of {@code bytes} at {@code bytesPerSecond}, to the millisecond, rounded up. */
    static Duration copy(long bytes, long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("throughput must be positive");
        }
        long wholeSeconds = bytes / bytesPerSecond;
        long restMillis = ceilDiv((bytes % bytesPerSecond) * 1000, bytesPerSecond);
        return Duration.ofSeconds(wholeSeconds).plusMillis(restMillis);
    }

    /** The copy of a transfer: {@code bytes} at {@code rate}. */
    static Duration transferCopy(long bytes, long rate) {
        return copy(bytes, rate);
    }

    /** A transfer's conversion or merge of {@code bytes} at the target volume's throughput. */
    static Duration transferFinish(long bytes, long targetThroughput) {
        return copy(bytes, targetThroughput);
    }

    /** Creation, given how long copying all the disks takes. */
    static Duration create(Duration copying, boolean startAfterCreate) {
        Duration total = copying.plus(CREATE_CONFIGURATION);
        return startAfterCreate ? total.plus(START_FROM_STOPPED) : total;
    }

    /** A power action on a VM in state {@code from} with {@code memoryMb} of memory. */
    static Duration power(PowerAction action, PowerState from, int memoryMb) {
        return switch (action) {
            case START -> from == PowerState.SAVED ? START_FROM_SAVED : START_FROM_STOPPED;
            case SHUTDOWN -> SHUTDOWN;
            case TURN_OFF -> TURN_OFF;
            case RESET -> RESET;
            case REBOOT -> SHUTDOWN.plus(START_FROM_STOPPED);
            case PAUSE -> PAUSE;
            case RESUME -> RESUME;
            case SAVE -> save(memoryMb);
        };
    }

    /** Creating a checkpoint of a VM in state {@code state}. */
    static Duration checkpointCreate(PowerState state, int memoryMb) {
        boolean live = state == PowerState.RUNNING || state == PowerState.PAUSED;
        return live ? save(memoryMb) : CHECKPOINT_CREATE_BASE;
    }

    /** Deleting a checkpoint: merging {@code deltaBytes}; empty throughput when the VM has no disks. */
    static Duration checkpointDelete(long deltaBytes, OptionalLong throughput) {
        Duration merge = throughput.isPresent() ? copy(deltaBytes, throughput.getAsLong()) : Duration.ZERO;
        return merge.compareTo(CHECKPOINT_DELETE_MIN) < 0 ? CHECKPOINT_DELETE_MIN : merge;
    }

    /**
     * Creating or restoring a backup: copying {@code bytes} at the throughput of the slowest volume
     * of the VM's disks; empty throughput when the VM has no disks.
     */
    static Duration backupCopy(long bytes, OptionalLong slowestThroughput) {
        Duration copy = slowestThroughput.isPresent() ? copy(bytes, slowestThroughput.getAsLong()) : Duration.ZERO;
        return copy.compareTo(BACKUP_COPY_MIN) < 0 ? BACKUP_COPY_MIN : copy;
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
