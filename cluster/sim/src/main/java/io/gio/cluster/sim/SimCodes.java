package io.gio.cluster.sim;

import io.gio.cluster.spi.BackupConsistency;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.VolumeKind;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the enum names stored in the sim tables, each with an explicit fallback. */
final class SimCodes {

    private SimCodes() {
    }

    static PowerState powerState(String stored) {
        return find(PowerState.class, stored).orElse(PowerState.UNKNOWN);
    }

    static OperationState operationState(String stored) {
        return find(OperationState.class, stored).orElse(OperationState.FAILED);
    }

    static ClusterErrorCode errorCode(String stored) {
        return find(ClusterErrorCode.class, stored).orElse(ClusterErrorCode.FABRIC_FAILURE);
    }

    static VolumeKind volumeKind(String stored) {
        return find(VolumeKind.class, stored).orElseThrow(() -> corrupt("volume kind", stored));
    }

    static BackupConsistency backupConsistency(String stored) {
        return find(BackupConsistency.class, stored).orElseThrow(() -> corrupt("backup consistency", stored));
    }

    static DiskFormat diskFormat(String stored) {
        return find(DiskFormat.class, stored).orElseThrow(() -> corrupt("disk format", stored));
    }

    /** A comma-separated set of formats; names this version does not know are left out. */
    static Set<DiskFormat> diskFormats(String stored) {
        Set<DiskFormat> formats = EnumSet.noneOf(DiskFormat.class);
        for (String part : stored.split(",")) {
            find(DiskFormat.class, part.trim()).ifPresent(formats::add);
        }
        return formats;
    }

    static String diskFormats(Set<DiskFormat> formats) {
        return formats.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    private static <E extends Enum<E>> Optional<E> find(Class<E> type, String stored) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equals(stored)).findFirst();
    }

    private static ClusterException corrupt(String what, String stored) {
        return new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                "the simulated fabric stores an unknown " + what + " '" + stored + "'");
    }
}
