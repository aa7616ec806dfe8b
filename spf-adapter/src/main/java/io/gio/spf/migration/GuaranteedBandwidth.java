package io.gio.spf.migration;

import io.gio.cluster.spi.Link;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * The tenants' guaranteed bandwidth on a link, which migration traffic never takes: the sum of the
 * network QoS minimums set on the virtual adapters of VMs on the link's two stamps (stored in Mbps
 * on {@code vmm_nic}), in bits per second.
 */
final class GuaranteedBandwidth implements Function<Link, Long> {

    private static final long BITS_PER_MBIT = 1_000_000L;

    private final Jdbi jdbi;

    GuaranteedBandwidth(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Long apply(Link link) {
        long mbps = jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(n.qos_min_mbps), 0) FROM vmm_nic n"
                        + " WHERE n.qos_min_mbps IS NOT NULL AND n.stamp_id IN (:a, :b)")
                .bind("a", link.fromStampId()).bind("b", link.toStampId()).mapTo(Long.class).one());
        return mbps > Long.MAX_VALUE / BITS_PER_MBIT ? Long.MAX_VALUE : mbps * BITS_PER_MBIT;
    }
}
