package io.gio.conformance;

import static io.gio.conformance.SharedGateway.SPF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Virtual network adapters as SPF adds, reconnects and removes them (New-, Set- and
 * Remove-SCVirtualNetworkAdapter), each a job on the VM, in both dialects. Every test works on VMs
 * of its own, so other suites' power operations cannot change their state.
 */
class SpfVirtualNetworkAdaptersIT {

    static final String[] JSON = {"Content-Type", "application/json", "Accept", "application/json"};
    static final String[] V4 = {"OData-Version", "4.0", "Content-Type", "application/json"};
    static Http http;
    static JsonNode cloud;
    static String stamp;
    static String template;

    @BeforeAll
    static void start() throws Exception {
        http = SharedGateway.admin();
        cloud = first("Clouds?$filter=Name%20eq%20'Contoso%20Cloud'");
        stamp = cloud.get("StampId").asText();
        template = first("VMTemplates?$filter=StampId%20eq%20guid'" + stamp
                + "'%20and%20Name%20eq%20'Windows%20Server%202008%20R2%20Datacenter%20SP1'").get("ID").asText();
    }

    /** A new VM on GIO-V1 with one adapter on Contoso Network, stopped or running. */
    private static JsonNode newVm(String name, boolean running) throws Exception {
        HttpResponse<String> created = http.method("POST", SPF + "VirtualMachines", "{\"StampId\":\"" + stamp
                + "\",\"CloudId\":\"" + cloud.get("ID").asText() + "\",\"Name\":\"" + name + "\",\"VMTemplateId\":\""
                + template + "\",\"NewVirtualNetworkAdapterInput\":[{\"VMNetworkName\":\"Contoso Network\"}],"
                + "\"StartVM\":" + running + "}", JSON);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("Completed", SpfPowerOperationsIT.awaitJob(job(created)).get("Status").asText());
        JsonNode vm = SpfV3ConformanceIT.vmNamed(name);
        assertEquals(running ? "Running" : "PowerOff", vm.get("Status").asText());
        return vm;
    }

    private static JsonNode first(String setAndQuery) {
        JsonNode v = Http.json(http.get(SPF + setAndQuery, "Accept", "application/json")).get("value");
        assertTrue(v.size() > 0, setAndQuery);
        return v.get(0);
    }

    private static String job(HttpResponse<String> r) {
        return r.headers().firstValue("x-ms-request-id").orElseThrow(() -> new AssertionError("no job: " + r.body()));
    }

    private static JsonNode nics(JsonNode vm) {
        return Http.json(http.get(SPF + "VirtualMachines" + SpfV3ConformanceIT.key(vm) + "/VirtualNetworkAdapters",
                "Accept", "application/json")).get("value");
    }

    private static String v3Nic(String id) {
        return SPF + "VirtualNetworkAdapters(ID=guid'" + id + "',StampId=guid'" + stamp + "')";
    }

    private static String v4Nic(String id) {
        return SPF + "VirtualNetworkAdapters(ID=" + id + ",StampId=" + stamp + ")";
    }

    private static String addBody(JsonNode vm, String network) {
        return "{\"odata.type\":\"VMM.VirtualNetworkAdapter\",\"VMId\":\"" + vm.get("ID").asText() + "\",\"StampId\":\""
                + stamp + "\"," + network + "}";
    }

    /** A VM network of the test's own on GIO-V1's Internet logical network. */
    private static JsonNode internetVmNetwork(String name) {
        String internet = first("LogicalNetworks?$filter=Name%20eq%20'Internet'%20and%20StampId%20eq%20guid'"
                + stamp + "'").get("ID").asText();
        HttpResponse<String> r = http.method("POST", SPF + "VMNetworks", "{\"Name\":\"" + name + "\",\"StampId\":\""
                + stamp + "\",\"LogicalNetworkId\":\"" + internet + "\"}", JSON);
        assertEquals(201, r.statusCode(), r.body());
        return Http.json(r);
    }

    @Test
    void anAdapterIsAddedToAStoppedVmAndRemovedAgain() throws Exception {
        JsonNode vm = newVm("nic-vm01", false);
        HttpResponse<String> r = http.method("POST", SPF + "VirtualNetworkAdapters?RunAsynchronously=1",
                addBody(vm, "\"VMNetworkName\":\"Contoso Network\",\"MACAddressType\":null"), JSON);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode added = Http.json(r);
        String id = added.get("ID").asText();
        assertEquals(v3Nic(id), r.headers().firstValue("Location").orElse("").replaceFirst("^https?://[^/]+/", ""));
        assertEquals("Contoso Network", added.get("VMNetworkName").asText());
        assertEquals(vm.get("ID").asText(), added.get("VMId").asText());
        assertEquals("Network Adapter 2", added.get("Name").asText());
        JsonNode job = SpfPowerOperationsIT.awaitJob(job(r));
        assertEquals("Completed", job.get("Status").asText(), job.toString());
        assertEquals("New-SCVirtualNetworkAdapter", job.get("CmdletName").asText());

        JsonNode read = Http.json(http.get(v3Nic(id), "Accept", "application/json"));
        assertTrue(read.get("MACAddress").asText().startsWith("00:15:5D:"), read.toString());
        assertEquals("Dynamic", read.get("MACAddressType").asText());
        assertTrue(read.get("IPv4Addresses").get(0).asText().startsWith("10.0."), read.toString());
        assertEquals(2, nics(vm).size());

        HttpResponse<String> delete = http.method("DELETE", v3Nic(id), null, "Accept", "application/json");
        assertEquals(204, delete.statusCode(), delete.body());
        assertEquals("Completed", SpfPowerOperationsIT.awaitJob(job(delete)).get("Status").asText());
        assertEquals(404, http.get(v3Nic(id), "Accept", "application/json").statusCode());
        assertEquals(1, nics(vm).size());
    }

    @Test
    void oData4AddsWithAStaticMacReconnectsAndRemoves() throws Exception {
        JsonNode vm = newVm("nic-vm02", false);
        HttpResponse<String> r = http.method("POST", SPF + "VirtualNetworkAdapters", "{\"VMId\":\""
                + vm.get("ID").asText() + "\",\"StampId\":\"" + stamp + "\",\"VMNetworkName\":\"Contoso Network\","
                + "\"MACAddressType\":\"Static\",\"MACAddress\":\"00-1d-d8-b7-1c-42\"}", V4);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode added = Http.json(r);
        assertTrue(added.get("@odata.context").asText().contains("VirtualNetworkAdapters"), r.body());
        String id = added.get("ID").asText();
        assertTrue(r.headers().firstValue("Location").orElse("").endsWith(
                "VirtualNetworkAdapters(ID=" + id + ",StampId=" + stamp + ")"), r.headers().map().toString());
        assertEquals("Completed", SpfPowerOperationsIT.awaitJob(job(r)).get("Status").asText());
        JsonNode read = Http.json(http.get(v4Nic(id), V4));
        assertEquals("00:1D:D8:B7:1C:42", read.get("MACAddress").asText());
        assertEquals("Static", read.get("MACAddressType").asText());

        JsonNode dmz = internetVmNetwork("nic-it-dmz");
        HttpResponse<String> patch = http.method("PATCH", v4Nic(id), "{\"VMNetworkId\":\"" + dmz.get("ID").asText()
                + "\"}", V4);
        assertEquals(204, patch.statusCode(), patch.body());
        assertEquals("Completed", SpfPowerOperationsIT.awaitJob(job(patch)).get("Status").asText());
        JsonNode moved = Http.json(http.get(v4Nic(id), V4));
        assertEquals("nic-it-dmz", moved.get("VMNetworkName").asText());
        assertTrue(moved.get("IPv4Addresses").get(0).asText().startsWith("203.0.113."), moved.toString());
        assertEquals("00:1D:D8:B7:1C:42", moved.get("MACAddress").asText());

        HttpResponse<String> inUse = http.method("DELETE", SPF + "VMNetworks(ID=" + dmz.get("ID").asText()
                + ",StampId=" + stamp + ")", null, V4);
        assertEquals(409, inUse.statusCode(), inUse.body());
        HttpResponse<String> macChange = http.method("PATCH", v4Nic(id), "{\"MACAddress\":\"00:1D:D8:B7:1C:43\"}", V4);
        assertEquals(400, macChange.statusCode(), macChange.body());
        assertTrue(Http.json(macChange).has("error"), macChange.body());

        HttpResponse<String> delete = http.method("DELETE", v4Nic(id), null, V4);
        assertEquals(204, delete.statusCode(), delete.body());
        assertEquals("Completed", SpfPowerOperationsIT.awaitJob(job(delete)).get("Status").asText());
        assertEquals(404, http.get(v4Nic(id), V4).statusCode());
        assertEquals(204, http.method("DELETE", SPF + "VMNetworks(ID=" + dmz.get("ID").asText() + ",StampId=" + stamp
                + ")", null, V4).statusCode(), "unused again");
    }

    @Test
    void aRunningVmRefusesAddAndRemoveButIsReconnectedOnline() throws Exception {
        JsonNode vm = newVm("nic-vm03", true);
        HttpResponse<String> refused = http.method("POST", SPF + "VirtualNetworkAdapters",
                addBody(vm, "\"VMNetworkName\":\"Contoso Network\""), JSON);
        assertEquals(409, refused.statusCode(), refused.body());
        String message = Http.json(refused).get("odata.error").get("message").get("value").asText();
        assertTrue(message.contains("RUNNING"), message);
        JsonNode failedVm = SpfV3ConformanceIT.vmNamed("nic-vm03");
        String failedJob = failedVm.get("FailedJobID").asText();
        assertTrue(message.contains(failedJob), message);
        JsonNode job = SpfPowerOperationsIT.awaitJob(failedJob);
        assertEquals("Failed", job.get("Status").asText());
        assertEquals("INVALID_STATE", job.get("ErrorInfo").get("ErrorCodeString").asText());
        assertEquals(1, nics(vm).size(), "nothing was added");

        String nic = nics(vm).get(0).get("ID").asText();
        HttpResponse<String> remove = http.method("DELETE", v3Nic(nic), null, "Accept", "application/json");
        assertEquals(204, remove.statusCode(), remove.body());
        JsonNode removeJob = SpfPowerOperationsIT.awaitJob(job(remove));
        assertEquals("Failed", removeJob.get("Status").asText());
        assertTrue(removeJob.get("ErrorInfo").get("ExceptionDetails").asText().contains("RUNNING"), removeJob.toString());
        assertEquals(1, nics(vm).size(), "the adapter stays");

        JsonNode dmz = internetVmNetwork("nic-it-dmz3");
        JsonNode current = Http.json(http.get(v3Nic(nic), "Accept", "application/json"));
        HttpResponse<String> put = http.method("PUT", v3Nic(nic), "{\"ID\":\"" + nic + "\",\"StampId\":\"" + stamp
                + "\",\"VMNetworkId\":null,\"VMNetworkName\":\"nic-it-dmz3\",\"MACAddressType\":\"Dynamic\","
                + "\"MACAddress\":\"" + current.get("MACAddress").asText() + "\",\"IPv4Addresses\":[]}",
                "Content-Type", "application/json", "Accept", "application/json", "Prefer", "return-content");
        assertEquals(200, put.statusCode(), put.body());
        assertEquals("Completed", SpfPowerOperationsIT.awaitJob(job(put)).get("Status").asText());
        JsonNode moved = Http.json(http.get(v3Nic(nic), "Accept", "application/json"));
        assertEquals(dmz.get("ID").asText(), moved.get("VMNetworkId").asText());
        assertEquals(current.get("MACAddress").asText(), moved.get("MACAddress").asText());
        assertEquals("Running", SpfV3ConformanceIT.vmNamed("nic-vm03").get("Status").asText());
    }

    @Test
    void badNetworksAndTheNinthAdapterAreBadRequests() throws Exception {
        JsonNode vm = newVm("nic-vm04", false);
        HttpResponse<String> unknown = http.method("POST", SPF + "VirtualNetworkAdapters",
                addBody(vm, "\"VMNetworkName\":\"No Such Network\""), JSON);
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("No Such Network"), unknown.body());
        JsonNode v2 = first("VMNetworks?$filter=Name%20eq%20'Contoso%20Network'%20and%20StampId%20ne%20guid'"
                + stamp + "'");
        HttpResponse<String> foreign = http.method("POST", SPF + "VirtualNetworkAdapters",
                addBody(vm, "\"VMNetworkId\":\"" + v2.get("ID").asText() + "\""), JSON);
        assertEquals(400, foreign.statusCode(), foreign.body());
        assertTrue(foreign.body().contains(v2.get("ID").asText()), foreign.body());
        assertEquals(400, http.method("POST", SPF + "VirtualNetworkAdapters", addBody(vm, "\"Name\":\"x\""), JSON)
                .statusCode(), "a network is required");
        assertEquals(400, http.method("POST", SPF + "VirtualNetworkAdapters", addBody(vm,
                "\"VMNetworkName\":\"Contoso Network\",\"MACAddressType\":\"Static\",\"MACAddress\":\"01:00:5E:00:00:01\""),
                JSON).statusCode(), "a multicast MAC");
        assertEquals(404, http.method("POST", SPF + "VirtualNetworkAdapters", "{\"VMId\":\""
                + "00000000-0000-0000-0000-000000000001\",\"StampId\":\"" + stamp
                + "\",\"VMNetworkName\":\"Contoso Network\"}", JSON).statusCode());
        assertEquals(1, nics(vm).size());

        for (int i = 2; i <= 8; i++) {
            HttpResponse<String> r = http.method("POST", SPF + "VirtualNetworkAdapters",
                    addBody(vm, "\"VMNetworkName\":\"Contoso Network\""), JSON);
            assertEquals(201, r.statusCode(), r.body());
            assertEquals("Completed", SpfPowerOperationsIT.awaitJob(job(r)).get("Status").asText());
        }
        assertEquals(8, nics(vm).size());
        HttpResponse<String> ninth = http.method("POST", SPF + "VirtualNetworkAdapters",
                addBody(vm, "\"VMNetworkName\":\"Contoso Network\""), JSON);
        assertEquals(400, ninth.statusCode(), ninth.body());
        assertTrue(ninth.body().contains("at most 8 network adapters"), ninth.body());
        assertFalse(ninth.headers().firstValue("x-ms-request-id").isPresent(), "refused before any job");
        assertEquals(8, nics(vm).size());
    }
}
