package io.gio.conformance;

import static io.gio.conformance.SharedGateway.SPF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request shapes of real SPF/WAP clients (spec section 6), against the packaged gateway over
 * HTTP, in the OData 3 dialect they speak.
 */
class SpfV3ConformanceIT {

    static Http http;

    @BeforeAll
    static void start() throws Exception {
        http = SharedGateway.admin();
    }

    static JsonNode vmNamed(String name) throws java.io.IOException {
        HttpResponse<String> r = SharedGateway.admin().get(SPF + "VirtualMachines?$filter=Name%20eq%20'" + name + "'", "Accept", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode value = Http.json(r).get("value");
        assertEquals(1, value.size(), r.body());
        return value.get(0);
    }

    static String key(JsonNode vm) {
        return "(ID=guid'" + vm.get("ID").asText() + "',StampId=guid'" + vm.get("StampId").asText() + "')";
    }

    @Test
    void case01ListClouds() throws Exception {
        HttpResponse<String> r = http.get(SPF + "Clouds", "Accept", "application/json");
        assertEquals(200, r.statusCode());
        JsonNode body = Http.json(r);
        assertTrue(body.get("odata.metadata").asText().endsWith("$metadata#Clouds"));
        java.util.List<String> names = new java.util.ArrayList<>();
        body.get("value").forEach(c -> names.add(c.get("Name").asText()));
        assertTrue(names.containsAll(java.util.List.of("Contoso Cloud", "Contoso Cloud V2", "Fabrikam Cloud",
                "Fabrikam Cloud V2")), "each demo tenant has a cloud on GIO-V1 and one on GIO-V2 (other suites may add"
                + " subscriptions' clouds): " + names);
        assertTrue(body.get("value").get(0).hasNonNull("ID"));
        assertTrue(body.get("value").get(0).hasNonNull("StampId"));
    }

    @Test
    void case02EmptyParentheses() throws Exception {
        assertEquals(Http.json(http.get(SPF + "Clouds", "Accept", "application/json")).get("value"),
                Http.json(http.get(SPF + "Clouds()", "Accept", "application/json")).get("value"));
        assertEquals(200, http.get(SPF + "VMTemplates()", "Accept", "application/json").statusCode());
    }

    @Test
    void case03SingleVmByKeyIsAFlatObject() throws Exception {
        JsonNode web = vmNamed("web01");
        HttpResponse<String> r = http.get(SPF + "VirtualMachines" + key(web), "Accept", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode vm = Http.json(r);
        assertFalse(vm.has("value"));
        assertTrue(vm.get("odata.metadata").asText().endsWith("$metadata#VirtualMachines/@Element"));
        for (String p : new String[] {"ID", "StampId", "Name", "Status", "StatusString"}) {
            assertTrue(vm.has(p), p);
        }
        // Upper-case literal prefixes, as some clients send them.
        String upper = key(web).replace("guid'", "Guid'");
        assertEquals(200, http.get(SPF + "VirtualMachines" + upper, "Accept", "application/json").statusCode());
    }

    @Test
    void case04FilterByIdWithTheSixExpansions() throws Exception {
        JsonNode sql = vmNamed("sql01");
        HttpResponse<String> r = http.get(SPF + "VirtualMachines?$filter=ID%20eq%20guid'" + sql.get("ID").asText()
                + "'&$expand=VirtualNetworkAdapters,VMCheckpoints,VirtualSCSIAdapters,VirtualHardDisks,"
                + "VirtualDVDDrives,VirtualDiskDrives", "Accept", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode vm = Http.json(r).get("value").get(0);
        assertEquals(2, vm.get("VirtualHardDisks").size());
        assertEquals(1, vm.get("VirtualNetworkAdapters").size());
        assertEquals(0, vm.get("VMCheckpoints").size());
        assertEquals(1, vm.get("VirtualSCSIAdapters").size());
        assertEquals(1, vm.get("VirtualDVDDrives").size());
        assertEquals(2, vm.get("VirtualDiskDrives").size());
        HttpResponse<String> none = http.get(SPF + "VirtualMachines?$filter=ID%20eq%20guid'"
                + UUID.randomUUID() + "'", "Accept", "application/json");
        assertEquals(0, Http.json(none).get("value").size());
    }

    @Test
    void case05FilterByNameAndOtherOperators() throws Exception {
        assertEquals("web01", vmNamed("web01").get("Name").asText());
        JsonNode subs = Http.json(http.get(SPF + "VirtualMachines?$filter=substringof('web',Name)%20and%20"
                + "startswith(Name,'fab')%20eq%20false&$orderby=Name%20desc", "Accept", "application/json")).get("value");
        assertEquals(2, subs.size());
        assertEquals("web02", subs.get(0).get("Name").asText());
        // '+' as a space, as form-encoding clients send it.
        JsonNode plus = Http.json(http.get(SPF + "VirtualMachines?$filter=tolower(Name)+eq+'web02'", "Accept",
                "application/json")).get("value");
        assertEquals(1, plus.size());
    }

    @Test
    void case06NavigationToAdapters() throws Exception {
        JsonNode web = vmNamed("web01");
        HttpResponse<String> r = http.get(SPF + "VirtualMachines" + key(web) + "/VirtualNetworkAdapters",
                "Accept", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode nic = Http.json(r).get("value").get(0);
        assertTrue(nic.get("IPv4Addresses").isArray());
        assertEquals("Contoso Network", nic.get("VMNetworkName").asText());
        assertTrue(nic.hasNonNull("VMNetworkId"));
    }

    @Test
    void case20Int64AsStrings() throws Exception {
        JsonNode sql = vmNamed("sql01");
        assertTrue(sql.get("TotalSize").isTextual(), sql.get("TotalSize").toString());
        JsonNode vhd = Http.json(http.get(SPF + "VirtualHardDisks?$top=1", "Accept", "application/json")).get("value").get(0);
        assertTrue(vhd.get("Size").isTextual());
        assertTrue(vhd.get("MaximumSize").isTextual());
        assertTrue(sql.get("CPUCount").isInt());
    }

    @Test
    void case21ResponseHeaders() throws Exception {
        HttpResponse<String> r = http.get(SPF + "Clouds", "Accept", "application/json");
        assertEquals("3.0;", r.headers().firstValue("DataServiceVersion").orElse(""));
        assertEquals("application/json; odata=minimalmetadata; streaming=true; charset=utf-8",
                r.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void case25CompleteResultSetsWithoutPaging() throws Exception {
        HttpResponse<String> r = http.get(SPF + "VirtualMachines?$inlinecount=allpages", "Accept", "application/json");
        JsonNode body = Http.json(r);
        assertTrue(body.get("value").size() > 150, "size " + body.get("value").size());
        assertEquals(Integer.toString(body.get("value").size()), body.get("odata.count").asText());
        assertFalse(body.has("odata.nextLink"));
        assertEquals(Integer.toString(body.get("value").size()), http.get(SPF + "VirtualMachines/$count").body());
    }

    @Test
    void metadataIsOData3() throws Exception {
        HttpResponse<String> r = http.get(SPF + "$metadata");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("DataServiceVersion=\"3.0\""));
        assertTrue(r.body().contains("EntitySet Name=\"VirtualMachines\""));
        assertTrue(r.body().contains("Type=\"Edm.DateTime\""));
    }

    @Test
    void metadataLevels() throws Exception {
        JsonNode full = Http.json(http.get(SPF + "Clouds", "Accept", "application/json;odata=fullmetadata"));
        JsonNode first = full.get("value").get(0);
        assertEquals("VMM.Cloud", first.get("odata.type").asText());
        assertTrue(first.get("odata.editLink").asText().startsWith("Clouds(ID=guid'"));
        JsonNode none = Http.json(http.get(SPF + "Clouds?$format=application/json;odata=nometadata"));
        assertFalse(none.has("odata.metadata"));
        JsonNode verbose = Http.json(http.get(SPF + "Clouds", "Accept", "application/json;odata=verbose"));
        assertTrue(verbose.get("d").get("results").get(0).has("__metadata"));
    }

    @Test
    void propertyValueAndSelect() throws Exception {
        JsonNode web = vmNamed("web02");
        HttpResponse<String> name = http.get(SPF + "VirtualMachines" + key(web) + "/Name/$value");
        assertEquals(200, name.statusCode());
        assertEquals("web02", name.body());
        JsonNode selected = Http.json(http.get(SPF + "VirtualMachines?$select=Name,Status&$top=2", "Accept",
                "application/json")).get("value").get(0);
        assertTrue(selected.has("Name") && selected.has("Status"));
        assertFalse(selected.has("Memory"));
    }

    @Test
    void byteComparisonsAndNotWithoutASpace() throws Exception {
        JsonNode all = Http.json(http.get(SPF + "VirtualMachines?$select=Name,CPUCount", "Accept", "application/json"))
                .get("value");
        long moreThanTwo = 0;
        for (JsonNode vm : all) {
            moreThanTwo += vm.get("CPUCount").asInt() > 2 ? 1 : 0;
        }
        assertTrue(moreThanTwo > 0 && moreThanTwo < all.size(), "the demo has VMs on both sides of 2 vCPUs");
        for (String f : new String[] {"CPUCount%20gt%202", "2%20lt%20CPUCount", "not(CPUCount%20le%202)",
                "CPUCount%20ge%203"}) {
            HttpResponse<String> r = http.get(SPF + "VirtualMachines?$filter=" + f + "&$select=Name", "Accept",
                    "application/json");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(moreThanTwo, Http.json(r).get("value").size(), f);
        }
        JsonNode notWeb01 = Http.json(http.get(SPF + "VirtualMachines?$filter=not(Name%20eq%20'web01')&$select=Name",
                "Accept", "application/json")).get("value");
        assertEquals(all.size() - 1, notWeb01.size());
    }

    @Test
    void selectIntoAnExpansionKeepsTheKeys() throws Exception {
        String vm = SPF + "VirtualMachines" + key(vmNamed("files01"));
        for (String format : new String[] {"application/json", "application/json;odata=fullmetadata",
                "application/atom+xml"}) {
            HttpResponse<String> r = http.get(vm + "?$select=VirtualHardDisks/Size,Name&$expand=VirtualHardDisks",
                    "Accept", format);
            assertEquals(200, r.statusCode(), format + ": " + r.body());
            if (format.endsWith("xml")) {
                assertTrue(r.body().contains("VirtualHardDisks(ID=guid'"), r.body());
                continue;
            }
            JsonNode disks = Http.json(r).get("VirtualHardDisks");
            assertEquals(2, disks.size(), r.body());
            for (JsonNode d : disks) {
                assertTrue(d.get("ID").isTextual() && d.get("StampId").isTextual() && d.get("Size").isTextual(), d.toString());
                assertFalse(d.has("Location"), "only the selected properties and the key: " + d);
            }
        }
    }
}
