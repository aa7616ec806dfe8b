package io.gio.migration;

import io.gio.cluster.spi.TransferKind;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.Optional;

/**
 * How a VM's disks move (the source operator's plans 1 to 3, and live migration):
 * <ul>
 * <li>{@code EXPORT_IMPORT}: stop, export the whole disks over a migration volume, import; the
 * whole copy is downtime;</li>
 * <li>{@code STORAGE_REPLICATION}: the storage array mirrors the source LUN ahead of time (every VM
 * on it), then the writes since are synchronised after the stop, then import;</li>
 * <li>{@code SMB_TRANSFER}: copy the base disks to an SMB 3 share of the target while the VM runs,
 * iterate over what the guest wrote until it is small, stop, copy the last delta, import, start;</li>
 * <li>{@code LIVE_MIGRATION}: shared-nothing live migration, both ends Windows Server 2012 or newer;
 * the switch-over takes well under a second.</li>
 * </ul>
 * {@code AUTO} picks the applicable strategy with the least downtime.
 */
public enum Strategy {
    AUTO("Auto"),
    EXPORT_IMPORT("ExportImport"),
    STORAGE_REPLICATION("StorageReplication"),
    SMB_TRANSFER("SmbTransfer"),
    LIVE_MIGRATION("LiveMigration");

    private final String wireName;

    Strategy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The transfer kinds the strategy needs the fabric to offer (in the enum's order, for messages). */
    public Set<TransferKind> needs() {
        return switch (this) {
            case AUTO -> EnumSet.noneOf(TransferKind.class);
            case EXPORT_IMPORT -> EnumSet.of(TransferKind.FULL);
            case STORAGE_REPLICATION -> EnumSet.of(TransferKind.VOLUME_MIRROR, TransferKind.DELTA);
            case SMB_TRANSFER -> EnumSet.of(TransferKind.BASE, TransferKind.DELTA);
            case LIVE_MIGRATION -> EnumSet.of(TransferKind.LIVE);
        };
    }

    public static Optional<Strategy> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equalsIgnoreCase(name)).findFirst();
    }
}
