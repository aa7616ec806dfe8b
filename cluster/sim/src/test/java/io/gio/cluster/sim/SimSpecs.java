package io.gio.cluster.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.VmSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.function.Executable;

/** VM specs on the demo topology, and waiting for operations on the virtual clock. */
final class SimSpecs {

    static final long GIB = 1L << 30;

    private SimSpecs() {
    }

    /** A VM on GIO-V1 with one 40 GiB VHD (4 GiB used) on V1-CL01-CSV1. */
    static VmSpec v1(String name, int cpuCount, int memoryMb, long dirtyBytesPerSecond) {
        DiskSpec disk = new DiskSpec(UUID.randomUUID(), name + "_disk_1", DiskFormat.VHD, 40 * GIB, 4 * GIB,
                dirtyBytesPerSecond, Optional.of(SimTopology.volumeId("V1-CL01-CSV1")), true);
        NicSpec nic = new NicSpec(UUID.randomUUID(),
                SimTopology.networkId(SimTopology.V1_STAMP_NAME, SimTopology.TENANT_NETWORK));
        return new VmSpec(UUID.randomUUID(), SimTopology.V1_STAMP_ID, name, cpuCount, memoryMb, List.of(disk),
                List.of(nic), false);
    }

    /** A VM on GIO-V2 with one empty VHDX on V2-SOFS-VMSTORE1. */
    static VmSpec v2(String name, int memoryMb) {
        DiskSpec disk = new DiskSpec(UUID.randomUUID(), name + "_disk_1", DiskFormat.VHDX, GIB, 0, 0,
                Optional.of(SimTopology.volumeId("V2-SOFS-VMSTORE1")), true);
        return new VmSpec(UUID.randomUUID(), SimTopology.V2_STAMP_ID, name, 2, memoryMb, List.of(disk), List.of(),
                false);
    }

    /** Moves the clock in 5 s steps until the operation ends, which must be a success. */
    static FabricOperation await(H2Fabric h2, ClusterDriver driver, FabricOperation op) {
        FabricOperation current = driver.operation(op.id());
        for (int i = 0; i < 1000 && !current.state().isFinal(); i++) {
            h2.clock.advance(Duration.ofSeconds(5));
            current = driver.operation(op.id());
        }
        assertEquals(OperationState.SUCCEEDED, current.state(), () -> "failed: " + op);
        return current;
    }

    /** Moves the clock exactly to the operation's end, and reads it. */
    static FabricOperation finish(H2Fabric h2, ClusterDriver driver, FabricOperation op) {
        h2.clock.set(op.estimatedEnd());
        FabricOperation done = driver.operation(op.id());
        assertEquals(OperationState.SUCCEEDED, done.state(), () -> "failed: " + done);
        return done;
    }

    static Duration length(FabricOperation op) {
        return Duration.between(op.started(), op.estimatedEnd());
    }

    /** Creates the VM and brings it to a stable state, each step taken exactly to its end. */
    static VmSpec in(H2Fabric h2, ClusterDriver driver, PowerState state, VmSpec spec) {
        finish(h2, driver, driver.createVm(spec));
        List<PowerAction> path = switch (state) {
            case STOPPED -> List.of();
            case RUNNING -> List.of(PowerAction.START);
            case PAUSED -> List.of(PowerAction.START, PowerAction.PAUSE);
            case SAVED -> List.of(PowerAction.START, PowerAction.SAVE);
            default -> throw new IllegalArgumentException(state.name());
        };
        path.forEach(action -> finish(h2, driver, driver.power(spec.id(), action)));
        assertEquals(state, driver.vm(spec.id()).orElseThrow().state());
        return spec;
    }

    static void sql(H2Fabric h2, String statement) {
        try (Connection c = h2.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(H2Fabric h2, String query) {
        try (Connection c = h2.dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static ClusterException assertCode(ClusterErrorCode code, Executable call, String... why) {
        ClusterException e = assertThrows(ClusterException.class, call, String.join(" ", why));
        assertEquals(code, e.code(), () -> String.join(" ", why) + ": " + e.getMessage());
        return e;
    }
}
