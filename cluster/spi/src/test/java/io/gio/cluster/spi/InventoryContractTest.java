package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A driver's inventory of stamps, hosts, volumes, networks and links, and how it reads operations. */
public abstract class InventoryContractTest extends ClusterDriverContractFixture {

    @Test
    void inventoryBelongsToItsStamps() {
        List<Stamp> stamps = fabric.stamps();
        assertFalse(stamps.isEmpty(), "a fabric has at least one stamp");
        assertEquals(stamps, fabric.stamps(), "stamps come in a stable order");
        for (Stamp s : stamps) {
            fabric.hosts(s.id()).forEach(h -> assertEquals(s.id(), h.stampId(), h.name()));
            fabric.volumes(s.id()).forEach(v -> {
                assertEquals(s.id(), v.stampId(), v.name());
                assertTrue(v.usedBytes() >= 0 && v.usedBytes() <= v.capacityBytes(), v.name());
            });
            fabric.networks(s.id()).forEach(n -> assertEquals(s.id(), n.stampId(), n.name()));
        }
        Set<UUID> stampIds = stamps.stream().map(Stamp::id).collect(Collectors.toSet());
        for (Link link : fabric.links()) {
            assertTrue(stampIds.contains(link.fromStampId()), link.name());
            assertTrue(stampIds.contains(link.toStampId()), link.name());
        }
        assertFalse(fabric.hosts(stamp.id()).isEmpty());
        assertFalse(fabric.volumes(stamp.id()).isEmpty());
        assertFalse(fabric.networks(stamp.id()).isEmpty());
    }

    @Test
    void unknownStampIsNotFound() {
        UUID unknown = UUID.randomUUID();
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.hosts(unknown));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.volumes(unknown));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.networks(unknown));
    }

    @Test
    void unknownOperationIsNotFound() {
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.operation(UUID.randomUUID()));
    }

    @Test
    void readingAnOperationTwiceAtTheSameInstantGivesTheSameProgress() {
        assumeTrue(clockIsControlled());
        FabricOperation op = fabric.createVm(vmSpec(nextName(), false));
        advance(pollStep());
        FabricOperation first = fabric.operation(op.id());
        FabricOperation second = fabric.operation(op.id());
        assertEquals(first.progress(), second.progress());
        assertEquals(first.state(), second.state());
        assertEquals(first.estimatedEnd(), second.estimatedEnd());
    }
}
