package io.gio.cluster.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DriverContext;
import io.gio.cluster.spi.Generation;
import io.gio.cluster.spi.VolumeKind;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The driver's settings and the generations stamps report. */
class LibvirtSettingsTest {

    @Test
    void urisMakeOneStampAndStampsMakeSeveral() {
        LibvirtSettings one = settings(Map.of("uris", "qemu:///system, qemu+ssh://h2/system"));
        assertEquals(List.of(new LibvirtSettings.StampSettings("KVM", List.of("qemu:///system", "qemu+ssh://h2/system"),
                "kvm")), one.stamps());
        LibvirtSettings two = settings(Map.of("stamps", "A=qemu+ssh://h1/system,qemu+ssh://h2/system;B=qemu:///system",
                "stamp.B.generation", "ws2008r2", "nic-bps", "1000000000", "shutdown-timeout-seconds", "60"));
        assertEquals(2, two.stamps().size());
        assertEquals("kvm", two.stamps().get(0).generation());
        assertEquals("ws2008r2", two.stamps().get(1).generation());
        assertEquals(1_000_000_000L, two.nicBitsPerSecond());
        assertEquals(Duration.ofMinutes(1), two.shutdownTimeout());
    }

    @Test
    void poolsAreLocalUnlessConfigured() {
        LibvirtSettings s = settings(Map.of("uris", "test:///default", "pool.shared.kind", "smb3_share",
                "pool.shared.iops", "50000"));
        assertEquals(new LibvirtSettings.PoolSettings(VolumeKind.LOCAL, LibvirtSettings.DEFAULT_IOPS,
                LibvirtSettings.DEFAULT_THROUGHPUT), s.pool("default"));
        assertEquals(VolumeKind.SMB3_SHARE, s.pool("shared").kind());
        assertEquals(50_000, s.pool("shared").iops());
    }

    @Test
    void badSettingsAreInvalidArgumentsNamingTheSetting() {
        bad(Map.of(), "uris");
        bad(Map.of("uris", "not-a-uri"), "uris");
        bad(Map.of("stamps", "A"), "stamps");
        bad(Map.of("stamps", "A=test:///default;B=test:///default"), "stamps");
        bad(Map.of("stamps", "A=qemu:///system;a=qemu+ssh://h/system"), "stamps");
        bad(Map.of("uris", "qemu:///system", "generation", "hyper-v 1.0"), "generation");
        bad(Map.of("uris", "qemu:///system", "nic-bps", "-1"), "nic-bps");
        bad(Map.of("uris", "qemu:///system", "workers", "many"), "workers");
        LibvirtSettings s = settings(Map.of("uris", "qemu:///system", "pool.x.kind", "tape"));
        ClusterException e = assertThrows(ClusterException.class, () -> s.pool("x"));
        assertTrue(e.getMessage().contains("pool.x.kind"), e.getMessage());
    }

    @Test
    void kvmIsLikeWindowsServer2012R2WithTheDisksLibvirtAttaches() {
        Generation kvm = Generations.of("kvm");
        assertEquals("KVM", kvm.name());
        assertEquals(Generation.ws2012r2().maxCpuPerVm(), kvm.maxCpuPerVm());
        assertEquals(Generation.ws2012r2().maxMemoryMbPerVm(), kvm.maxMemoryMbPerVm());
        assertEquals(Set.of(DiskFormat.VHD, DiskFormat.VHDX), kvm.diskFormats());
        assertTrue(kvm.networkQos() && kvm.storageQos());
        assertFalse(kvm.onlineVhdxResize() || kvm.liveStorageMigration(), "QEMU resizes neither VHD nor VHDX");
        Generation old = Generations.of("WS2008R2");
        assertEquals(Generation.ws2008r2().name(), old.name());
        assertEquals(Set.of(DiskFormat.VHD), old.diskFormats());
        assertEquals(Set.of(DiskFormat.VHD, DiskFormat.VHDX), Generations.of("ws2012r2").diskFormats());
    }

    private static void bad(Map<String, String> settings, String named) {
        ClusterException e = assertThrows(ClusterException.class, () -> settings(settings), settings.toString());
        assertEquals(ClusterErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("gio.cluster.libvirt." + named), e.getMessage());
    }

    private static LibvirtSettings settings(Map<String, String> settings) {
        return LibvirtSettings.from(new DriverContext(Clock.systemUTC(), Executors.newSingleThreadScheduledExecutor(),
                new JdbcDataSource(), settings));
    }
}
