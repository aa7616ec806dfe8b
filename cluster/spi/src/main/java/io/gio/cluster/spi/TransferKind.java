package io.gio.cluster.spi;

/**
 * What a {@link MigrationSupport#startTransfer transfer} copies to the target volume.
 *
 * <ul>
 * <li>{@code FULL}: every disk's used bytes of a VM that is not running (STOPPED or SAVED), as an
 * export does; the VM must stay stopped while it runs.</li>
 * <li>{@code BASE}: every disk's used bytes of a VM that may keep running, read from a frozen base
 * (the fabric tracks what the guest writes from the transfer's start on, without a checkpoint the
 * tenant sees).</li>
 * <li>{@code DELTA}: what the guest wrote since the previous transfer of the chain started.</li>
 * <li>{@code VOLUME_MIRROR}: storage-array replication: the whole source volume's used bytes are
 * mirrored (every VM on it), and a following {@code DELTA} carries what every running VM on that
 * volume wrote meanwhile.</li>
 * <li>{@code LIVE}: shared-nothing live migration: disks and memory copied while the VM runs, the
 * fabric iterating over dirty memory itself; allowed only when both stamps' generations have
 * {@link Generation#sharedNothingLiveMigration()}. {@link MigrationSupport#importVm} then switches
 * the running VM over in well under a second (or, where the hypervisor switches over by itself,
 * names the VM the transfer moved: {@link MigrationSupport#holdsLiveSwitchOver()}).</li>
 * </ul>
 */
public enum TransferKind {
    FULL,
    BASE,
    DELTA,
    VOLUME_MIRROR,
    LIVE
}
