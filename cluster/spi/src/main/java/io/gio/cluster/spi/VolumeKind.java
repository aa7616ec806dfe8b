package io.gio.cluster.spi;

/** How a volume is reached by the hosts. */
public enum VolumeKind {
    /** Cluster Shared Volume on an iSCSI LUN. */
    CSV_ISCSI,
    /** SMB 3.0 file share. */
    SMB3_SHARE,
    /** A local or libvirt directory pool. */
    LOCAL
}
