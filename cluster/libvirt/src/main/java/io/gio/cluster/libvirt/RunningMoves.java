package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.OperationState;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls on a live migration while it runs: following its progress, changing its bandwidth and
 * aborting it. libvirt can hold any of them for as long as the disks are being mirrored, so each
 * runs on a worker of its own and no caller (a request, the migration engine's tick) waits for it.
 */
final class RunningMoves {

    private static final Logger LOG = LoggerFactory.getLogger(RunningMoves.class);
    private static final long MIB = 1L << 20;

    private final Fabric fabric;
    private final Executor workers;

    RunningMoves(Fabric fabric, Executor workers) {
        this.fabric = fabric;
        this.workers = workers;
    }

    /**
     * Follows the bytes moved, from the migration job's statistics, every half second until the
     * migration call returns, on a worker of its own: libvirt can hold a statistics call for as
     * long as the disks are being mirrored, and no caller (a request, the migration engine's tick)
     * may wait that long for a progress figure.
     */
    void watch(LiveMove m) {
        while (m.state() == OperationState.RUNNING) {
            try {
                Map<String, Long> stats = NativeMigrations.jobStats(m.source.connect(), m.domainUuid, 0);
                m.progress(stats.getOrDefault("data_total", 0L), stats.getOrDefault("data_processed", 0L));
            } catch (ClusterException e) {
                LOG.debug("Cannot read the progress of transfer {}: {}", m.id, e.getMessage());
            }
            if (!pause()) {
                return;
            }
        }
    }

    /**
     * Changes the migration's bandwidth, on a worker thread: libvirt applies it only once the disks
     * are mirrored (the call can wait for the storage phase of the migration job to end), and the
     * caller must not wait for that. Rates asked meanwhile are folded into the last one.
     */
    void throttle(LiveMove m, long bytesPerSecond) {
        if (m.state() == OperationState.RUNNING) {
            m.rate = Math.max(MIB, bytesPerSecond);
            if (m.speedPending.compareAndSet(false, true)) {
                workers.execute(() -> applySpeed(m));
            }
        }
    }

    private void applySpeed(LiveMove m) {
        long applied = -1;
        while (m.state() == OperationState.RUNNING && applied != m.rate) {
            long rate = m.rate;
            try {
                LOG.debug("Setting the bandwidth of transfer {} to {} MiB/s", m.id, rate / MIB);
                NativeMigrations.setMaxSpeed(m.source.connect(), m.domainUuid, rate / MIB);
                LOG.debug("The bandwidth of transfer {} is {} MiB/s", m.id, rate / MIB);
            } catch (ClusterException e) {
                LOG.debug("Cannot change the bandwidth of transfer {}: {}", m.id, e.getMessage());
            }
            applied = rate;
        }
        m.speedPending.set(false);
        if (m.state() == OperationState.RUNNING && applied != m.rate && m.speedPending.compareAndSet(false, true)) {
            workers.execute(() -> applySpeed(m)); // a rate asked between the loop's end and the flag's reset
        }
    }

    /**
     * Aborts the running migration ({@code virDomainAbortJob}), asking again every half second
     * until the migration call returns. The ask runs on a worker of its own: libvirt may hold it
     * behind another call on the domain's job for as long as the disks are being mirrored, or take
     * it and let the mirror run on. An abort that is not honoured within two seconds
     * is enforced on the target: its incoming domain is destroyed (libvirt's way to end an
     * incoming migration), which fails the copy on the source, where the guest keeps running.
     */
    void abort(LiveMove m) {
        AtomicBoolean asking = new AtomicBoolean();
        for (int attempt = 0; m.state() == OperationState.RUNNING; attempt++) {
            if (asking.compareAndSet(false, true)) {
                workers.execute(() -> {
                    try {
                        LOG.debug("Aborting the migration of transfer {}", m.id);
                        fabric.withDomain(m.vmId, (h, d) -> Lv.call("abort the migration of " + m.vmId, d::abortJob));
                        LOG.debug("Asked libvirt to abort the migration of transfer {}", m.id);
                    } catch (ClusterException e) {
                        LOG.debug("Cannot abort the migration of transfer {} now: {}", m.id, e.getMessage());
                    } finally {
                        asking.set(false);
                    }
                });
            }
            if (attempt >= 4) {
                destroyIncoming(m);
            }
            if (!pause()) {
                return;
            }
        }
    }

    private void destroyIncoming(LiveMove m) {
        try {
            Domain d = m.target.connect().domainLookupByUUID(m.domainUuid);
            try {
                // paused while it receives; running, QEMU switched over already: the guest is there
                if (m.state() == OperationState.RUNNING && d.isActive() == 1
                        && d.getInfo().state != org.libvirt.DomainInfo.DomainState.VIR_DOMAIN_RUNNING) {
                    LOG.info("Ending the incoming migration of transfer {} on {}", m.id, m.target.uri);
                    d.destroy();
                }
            } finally {
                Lv.free(d);
            }
        } catch (LibvirtException e) {
            LOG.debug("No incoming domain of transfer {} to end: {}", m.id, e.getMessage());
        }
    }

    /** Half a second between polls; false when the worker is interrupted. */
    private static boolean pause() {
        try {
            Thread.sleep(500);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
