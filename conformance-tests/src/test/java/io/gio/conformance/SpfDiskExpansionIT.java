package io.gio.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPF's {@code Expand} action on virtual disk drives (WAP's SPF SDK: {@code POST
 * {drive}/Expand} with {@code {"VirtualHardDiskSizeGB":400}}, no result), in both dialects and on
 * the tenant path: declared in {@code $metadata}, run as a job, shown in the drive, the disk and
 * the VM, counted against the storage quota, refused with the dialect's error where it cannot run,
 * and another tenant's drive is a 404.
 */
class SpfDiskExpansionIT {

    private static final long GIB = 1L << 30;
    static WapFixture wap;
    static WapFixture.Tenant tenant;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        wap = new WapFixture(SharedGateway.get());
        tenant = wap.tenant(wap.plan("V1 Standard", ",\"Quota\":{\"RoleStorageGB\":100}"));
        token = wap.token(tenant.user(), tenant.password());
    }

    @Test
    void bothDialectsDeclareTheBoundAction() {
        String v3 = wap.basicAdmin.get(WapFixture.SPF + "$metadata").body();
        assertTrue(v3.contains("<FunctionImport Name=\"Expand\" IsSideEffecting=\"true\" IsBindable=\"true\""
                + " m:IsAlwaysBindable=\"true\"><Parameter Name=\"VirtualDiskDrive\" Type=\"VMM.VirtualDiskDrive\""), v3);
        assertTrue(v3.contains("<Parameter Name=\"VirtualHardDiskSizeGB\" Type=\"Edm.Int32\" Mode=\"In\""
                + " Nullable=\"false\"/>"), v3);
        String v4 = wap.basicAdmin.get(WapFixture.SPF + "$metadata", "OData-MaxVersion", "4.0").body();
        assertTrue(v4.contains("<Action Name=\"Expand\" IsBound=\"true\">"), v4);
    }

    @Test
    void aTenantGrowsAStoppedVmsDiskInBothDialectsWithinItsStorageQuota() throws Exception {
        JsonNode vm = wap.vm(tenant, "grow-" + System.nanoTime() % 100000, false, "PowerOff");
        JsonNode drive = drive(vm);
        long before = drive.get("Size").asLong();
        assertEquals(20 * GIB, before, "the CentOS template's disk");
        String v3 = tenant.wap() + "VirtualDiskDrives(ID=guid'" + drive.get("ID").asText() + "',StampId=guid'"
                + drive.get("StampId").asText() + "')/Expand";
        HttpResponse<String> grown = wap.call(token, "POST", v3, "{\"VirtualHardDiskSizeGB\":30}");
        assertEquals(204, grown.statusCode(), grown.body());
        JsonNode job = wap.awaitJob(grown.headers().firstValue("x-ms-request-id").orElseThrow());
        assertEquals("Completed", job.get("Status").asText(), job.toString());
        assertEquals("Expand virtual hard disk", job.get("Name").asText());
        assertEquals(30 * GIB, drive(vm).get("Size").asLong());
        JsonNode disk = WapFixture.ok(wap.call(token, "GET", tenant.wap() + "VirtualHardDisks(ID=guid'"
                + drive.get("VirtualHardDiskId").asText() + "',StampId=guid'" + drive.get("StampId").asText() + "')",
                null), 200);
        assertEquals(30 * GIB, disk.get("MaximumSize").asLong());
        assertEquals(30 * GIB, WapFixture.ok(wap.call(token, "GET", tenant.wap() + "VirtualMachines"
                + SpfV3ConformanceIT.key(vm), null), 200).get("TotalSize").asLong());

        String v4 = tenant.wap() + "VirtualDiskDrives(ID=" + drive.get("ID").asText() + ",StampId="
                + drive.get("StampId").asText() + ")/VMM.Expand";
        HttpResponse<String> again = wap.call(token, "POST", v4, "{\"VirtualHardDiskSizeGB\":40}", "OData-Version",
                "4.0");
        assertEquals(204, again.statusCode(), again.body());
        assertEquals("Completed", wap.awaitJob(again.headers().firstValue("x-ms-request-id").orElseThrow())
                .get("Status").asText());
        assertEquals(40 * GIB, drive(vm).get("Size").asLong());

        HttpResponse<String> overQuota = wap.call(token, "POST", v3, "{\"VirtualHardDiskSizeGB\":200}");
        assertEquals(400, overQuota.statusCode(), overQuota.body());
        assertTrue(overQuota.body().contains("quota of 100 GB of storage"), overQuota.body());
        HttpResponse<String> shrink = wap.call(token, "POST", v3, "{\"VirtualHardDiskSizeGB\":10}");
        assertEquals(400, shrink.statusCode(), shrink.body());
        assertTrue(shrink.body().contains("can only grow"), shrink.body());
        HttpResponse<String> unknown = wap.call(token, "POST", v3, "{\"Size\":100}");
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("has no parameter Size; it takes VirtualHardDiskSizeGB (Edm.Int32)"),
                unknown.body());
        HttpResponse<String> v4Missing = wap.call(token, "POST", v4, "{}", "OData-Version", "4.0");
        assertEquals(400, v4Missing.statusCode(), v4Missing.body());
        assertTrue(v4Missing.body().contains("\"error\""), "an OData 4 error: " + v4Missing.body());
        assertEquals(405, wap.call(token, "GET", v3, null).statusCode(), "an action is POSTed");
        assertEquals(40 * GIB, drive(vm).get("Size").asLong(), "refusals change nothing");
    }

    @Test
    void aRunningVmsExpansionFailsItsJobWithTheFabricsReason() throws Exception {
        JsonNode vm = wap.vm(tenant, "busy-" + System.nanoTime() % 100000, true, "Running");
        JsonNode drive = drive(vm);
        HttpResponse<String> r = wap.call(token, "POST", tenant.wap() + "VirtualDiskDrives(ID=guid'"
                + drive.get("ID").asText() + "',StampId=guid'" + drive.get("StampId").asText() + "')/Expand"
                + "?RunAsynchronously=1", "{\"VirtualHardDiskSizeGB\":25}");
        assertEquals(204, r.statusCode(), r.body());
        JsonNode job = wap.awaitJob(r.headers().firstValue("x-ms-request-id").orElseThrow());
        assertEquals("Failed", job.get("Status").asText());
        assertTrue(job.get("ErrorInfo").get("ExceptionDetails").asText().contains("RUNNING"), job.toString());
        assertEquals(20 * GIB, drive(vm).get("Size").asLong());
    }

    @Test
    void anotherTenantsDriveIsNotFound() throws Exception {
        JsonNode vm = wap.vm(tenant, "mine-" + System.nanoTime() % 100000, false, "PowerOff");
        JsonNode drive = drive(vm);
        WapFixture.Tenant other = wap.tenant(wap.plan("V1 Standard", ""));
        String otherToken = wap.token(other.user(), other.password());
        HttpResponse<String> r = wap.call(otherToken, "POST", other.wap() + "VirtualDiskDrives(ID=guid'"
                + drive.get("ID").asText() + "',StampId=guid'" + drive.get("StampId").asText() + "')/Expand",
                "{\"VirtualHardDiskSizeGB\":50}");
        assertEquals(404, r.statusCode(), r.body());
        assertEquals(20 * GIB, drive(vm).get("Size").asLong(), "untouched");
    }

    /** The VM's one drive, read as its tenant. */
    private static JsonNode drive(JsonNode vm) {
        JsonNode drives = WapFixture.ok(wap.call(token, "GET", tenant.wap() + "VirtualDiskDrives?$filter=VMId%20eq%20guid'"
                + vm.get("ID").asText() + "'", null), 200).get("value");
        assertEquals(1, drives.size(), drives.toString());
        return drives.get(0);
    }
}
