package io.gio.conformance;

import static io.gio.conformance.SharedGateway.SPF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** VM networks as BG-T's functions drive them: create, grant (case 26), delete. */
class SpfVmNetworksIT {

    static Http http;

    @BeforeAll
    static void start() throws Exception {
        http = SharedGateway.admin();
    }

    @Test
    void createGrantAndDelete() throws Exception {
        JsonNode ln = Http.json(http.get(SPF + "LogicalNetworks?$filter=Name%20eq%20'Tenant%20Network'", "Accept",
                "application/json")).get("value").get(0);
        String stamp = ln.get("StampId").asText();
        HttpResponse<String> created = http.method("POST", SPF + "VMNetworks", "{\"Name\":\"ci-net\",\"StampId\":\"" + stamp
                + "\",\"LogicalNetworkId\":\"" + ln.get("ID").asText() + "\",\"Description\":\"made by CI\"}",
                "Accept", "application/json", "Content-Type", "application/json");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode net = Http.json(created);
        assertEquals("WindowsNetworkVirtualization", net.get("IsolationType").asText());
        String url = SPF + "VMNetworks(ID=guid'" + net.get("ID").asText() + "',StampId=guid'" + stamp + "')";

        HttpResponse<String> grant = http.method("PUT", url, "{\"ID\":\"" + net.get("ID").asText() + "\",\"StampId\":\""
                + stamp + "\",\"GrantedToList@odata.type\":\"Collection(VMM.UserAndRole)\",\"GrantedToList\":"
                + "[{\"RoleName\":\"alice@contoso.example_87153e0d-0000-0000-0000-000000000000\"}]}",
                "Accept", "application/json", "Content-Type", "application/json");
        assertEquals(204, grant.statusCode(), grant.body());
        JsonNode after = Http.json(http.get(url, "Accept", "application/json"));
        assertEquals("alice@contoso.example_87153e0d-0000-0000-0000-000000000000",
                after.get("GrantedToList").get(0).get("RoleName").asText());
        assertEquals("made by CI", after.get("Description").asText());

        HttpResponse<String> used = http.method("DELETE", SPF + "VMNetworks(ID=guid'" + SpfV3ConformanceIT.vmNamed("web01")
                .get("ID").asText() + "',StampId=guid'" + stamp + "')", null, "Accept", "application/json");
        assertEquals(404, used.statusCode(), "a VM's key is not a VM network");
        JsonNode contosoNet = Http.json(http.get(SPF + "VMNetworks?$filter=Name%20eq%20'Contoso%20Network'%20and%20StampId%20eq%20guid'"
                + SpfV3ConformanceIT.vmNamed("web01").get("StampId").asText() + "'", "Accept",
                "application/json")).get("value").get(0);
        HttpResponse<String> inUse = http.method("DELETE", SPF + "VMNetworks(ID=guid'" + contosoNet.get("ID").asText()
                + "',StampId=guid'" + contosoNet.get("StampId").asText() + "')", null, "Accept", "application/json");
        assertEquals(409, inUse.statusCode(), inUse.body());
        assertTrue(inUse.body().contains("adapter"));
        assertEquals(204, http.method("DELETE", url, null).statusCode());
        assertEquals(404, http.get(url, "Accept", "application/json").statusCode());
    }
}
