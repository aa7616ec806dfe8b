package io.gio.cluster.spi;

/**
 * Faults a simulated fabric can inject (see {@link FaultInjection}).
 *
 * <ul>
 * <li>{@code LINK_DOWN}, target a {@link Link} name: transfers over it fail, and new ones are
 * refused, with FABRIC_FAILURE;</li>
 * <li>{@code VOLUME_FULL}, target a volume name: the volume has no free space; transfers to it
 * fail and creations, imports and new transfers on it are refused, with CAPACITY;</li>
 * <li>{@code HOST_CRASH}, target a host name: its VMs stop at once (their running operations
 * fail with FABRIC_FAILURE) and nothing can be placed on it or started there;</li>
 * <li>{@code BOOT_FAILURE}, target a stamp or host name: VMs that start (or reboot) there fail to
 * boot (the start fails with FABRIC_FAILURE and the VM ends STOPPED).</li>
 * </ul>
 */
public enum FaultKind {
    LINK_DOWN,
    VOLUME_FULL,
    HOST_CRASH,
    BOOT_FAILURE
}
