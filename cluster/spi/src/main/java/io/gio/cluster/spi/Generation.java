package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * What a stamp's hypervisor generation can do. The adapter refuses, with a clear error, what a
 * stamp's generation cannot do; drivers enforce the same limits.
 *
 * @param name short name, e.g. {@code WS2008R2}
 * @param hypervisor human-readable hypervisor, e.g. {@code Hyper-V 2.0 (Windows Server 2008 R2)}
 * @param maxCpuPerVm the most virtual processors one VM may have
 * @param maxMemoryMbPerVm the most memory one VM may have
 * @param diskFormats virtual disk formats the hosts can attach
 */
public record Generation(
        String name,
        String hypervisor,
        int maxCpuPerVm,
        int maxMemoryMbPerVm,
        Set<DiskFormat> diskFormats,
        boolean networkQos,
        boolean storageQos,
        boolean liveStorageMigration,
        boolean sharedNothingLiveMigration,
        boolean onlineVhdxResize,
        boolean onlineExport) {

    /**
     * The most synthetic network adapters one VM may have: 8 on every Hyper-V generation modelled
     * here (Windows Server 2008 R2 to 2012 R2; legacy adapters, which the SPI does not create,
     * are counted apart).
     */
    public static final int MAX_NICS_PER_VM = 8;

    public Generation {
        requireNonNull(name, "name is null");
        requireNonNull(hypervisor, "hypervisor is null");
        diskFormats = Set.copyOf(requireNonNull(diskFormats, "diskFormats is null"));
        if (maxCpuPerVm < 1 || maxMemoryMbPerVm < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** Windows Server 2008 R2, Hyper-V 2.0: the old generation. */
    public static Generation ws2008r2() {
        return new Generation("WS2008R2", "Hyper-V 2.0 (Windows Server 2008 R2)", 4, 65_536,
                Set.of(DiskFormat.VHD), false, false, false, false, false, false);
    }

    /** Windows Server 2012: VHDX, network QoS, shared-nothing live migration. */
    public static Generation ws2012() {
        return new Generation("WS2012", "Hyper-V 3.0 (Windows Server 2012)", 64, 1_048_576,
                Set.of(DiskFormat.VHD, DiskFormat.VHDX), true, false, true, true, false, false);
    }

    /** Windows Server 2012 R2: adds storage QoS, online VHDX resize and online export. */
    public static Generation ws2012r2() {
        return new Generation("WS2012R2", "Hyper-V (Windows Server 2012 R2)", 64, 1_048_576,
                Set.of(DiskFormat.VHD, DiskFormat.VHDX), true, true, true, true, true, true);
    }
}
