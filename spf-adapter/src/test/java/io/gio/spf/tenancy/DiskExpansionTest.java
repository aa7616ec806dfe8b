package io.gio.spf.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.TestFabric;
import io.gio.spf.query.EntityRow;
import io.gio.spf.vm.VmOperation;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPF's Expand action on a virtual disk drive: checked before its job starts, run by the fabric as
 * a job, counted against the subscription's storage quota atomically, and shown in the drive, the
 * disk and the VM once the job has ended.
 */
class DiskExpansionTest {

    static final String ALICE = CentosVms.ALICE;
    private static final long GIB = 1L << 30;

    TestFabric fabric;
    Quotas quotas;
    CentosVms centos;
    UUID v1;

    @BeforeEach
    void setUp() {
        fabric = new TestFabric(0);
        quotas = fabric.adapter.quotas();
        centos = new CentosVms(fabric);
        v1 = centos.v1;
    }

    @AfterEach
    void tearDown() {
        fabric.close();
    }

    @Test
    void aStoppedVmsDiskGrowsAndTheDriveTheDiskTheVmAndTheQuotaShowIt() {
        Subscription s = subscription("Grow", 100L, 2);
        EntityRow drive = drive(vm(s, 0));
        assertEquals(20 * GIB, ((Number) drive.get("Size")).longValue());
        assertEquals(new Usage(2, 2, 4096, 40), quotas.usage(s.id()));

        UUID job = expand(drive, 50);
        assertEquals(new Usage(0, 0, 0, 30), quotas.reserved(s.id()), "the growth is held while the job runs");
        assertEquals("Expand virtual hard disk", fabric.row("Jobs", "ID", job).get("Name"));
        runJobs();
        assertEquals("Completed", fabric.row("Jobs", "ID", job).get("Status"));
        assertEquals(50 * GIB, ((Number) fabric.row("VirtualDiskDrives", "ID", drive.get("ID")).get("Size")).longValue());
        assertEquals(50 * GIB, ((Number) fabric.row("VirtualHardDisks", "ID", drive.get("VirtualHardDiskId"))
                .get("MaximumSize")).longValue());
        assertEquals(50 * GIB, ((Number) fabric.row("VirtualMachines", "ID", vm(s, 0)).get("TotalSize")).longValue());
        assertEquals(Usage.NONE, quotas.reserved(s.id()), "settled when the job ended");
        assertEquals(new Usage(2, 2, 4096, 70), quotas.usage(s.id()), "the VM's row carries the new size");
    }

    @Test
    void whatCannotGrowIsA400ThatSaysWhyAndChangesNothing() {
        Subscription s = subscription("Refused", 60L, 2);
        EntityRow drive = drive(vm(s, 0));
        assertEquals("The virtual hard disk " + drive.get("Name") + " is 20 GB; VirtualHardDiskSizeGB must be larger"
                + " (20 GB was asked for): a disk can only grow.", refused(SpfErrorCode.BAD_REQUEST, () -> expand(drive, 20)));
        assertTrue(refused(SpfErrorCode.BAD_REQUEST, () -> expand(drive, 0)).contains("positive"));
        assertTrue(refused(SpfErrorCode.BAD_REQUEST, () -> expand(drive, 3000)).contains("at most 2040 GB"));
        assertEquals("The subscription's quota of 60 GB of storage does not leave room for 30 GB more (40 GB in use).",
                refused(SpfErrorCode.BAD_REQUEST, () -> expand(drive, 50)));
        assertTrue(refused(SpfErrorCode.NOT_FOUND, () -> fabric.adapter.diskExpansions().expand(UUID.randomUUID(), v1,
                50, ALICE)).contains("was not found"));
        assertEquals(Usage.NONE, quotas.reserved(s.id()));
        assertEquals(20 * GIB, ((Number) fabric.row("VirtualDiskDrives", "ID", drive.get("ID")).get("Size")).longValue());
        assertTrue(fabric.rows("Jobs", "Name", "Expand virtual hard disk").isEmpty(), "no job was started");
    }

    @Test
    void aRunningVmsJobFailsWithTheFabricsReasonAndTheReservationGoes() {
        Subscription s = subscription("Running", 100L, 1);
        UUID vm = vm(s, 0);
        fabric.adapter.vmCommands().power(vm, v1, VmOperation.parse("Start"), ALICE);
        runJobs();
        UUID job = expand(drive(vm), 30);
        runJobs();
        EntityRow failed = fabric.row("Jobs", "ID", job);
        assertEquals("Failed", failed.get("Status"));
        assertTrue(String.valueOf(failed.get("ErrorInfo")).contains("RUNNING"), String.valueOf(failed.get("ErrorInfo")));
        assertEquals(Usage.NONE, quotas.reserved(s.id()));
        assertEquals(20 * GIB, ((Number) drive(vm).get("Size")).longValue());
    }

    private UUID expand(EntityRow drive, long gb) {
        return fabric.adapter.diskExpansions().expand((UUID) drive.get("ID"), v1, gb, ALICE);
    }

    /** A subscription with {@code vms} stopped CentOS VMs (one 20 GB disk each) and a storage quota. */
    private Subscription subscription(String name, Long storageGb, int vms) {
        return centos.subscription(name, QuotaLimits.of(null, null, null, storageGb), OptionalInt.empty(), vms);
    }

    private UUID vm(Subscription s, int i) {
        return centos.vm(s, i);
    }

    private EntityRow drive(UUID vm) {
        return fabric.row("VirtualDiskDrives", "VMId", vm);
    }

    private void runJobs() {
        centos.runJobs();
    }

    private static String refused(SpfErrorCode code, org.junit.jupiter.api.function.Executable call) {
        return CentosVms.refused(code, call).getMessage();
    }
}
