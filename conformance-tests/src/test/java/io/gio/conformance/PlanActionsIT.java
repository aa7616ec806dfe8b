package io.gio.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plan's {@code RemoteConnect} action gates a VM's console (the {@code VMConnection} named
 * stream, the RDP file WAP's Connect hands out), as the other actions gate their operations: in a
 * subscription whose plan lacks it, both dialects and both tenant paths answer 403 in their OData
 * error format naming the action; once the plan allows it the same request gets the RDP file.
 */
class PlanActionsIT {

    @Test
    void remoteConnectGatesTheConsoleInBothDialects() throws Exception {
        WapFixture wap = new WapFixture(SharedGateway.get());
        String plan = wap.plan("V1 Standard", "");
        JsonNode planJson = WapFixture.ok(wap.call(wap.admin, "GET", "plans/" + plan, null), 200);
        assertTrue(!planJson.get("Actions").toString().contains("RemoteConnect"), planJson.toString());
        WapFixture.Tenant t = wap.tenant(plan);
        JsonNode vm = wap.vm(t, "console", true, "Running");
        String tenant = wap.token(t.user(), t.password());
        String v3 = t.wap() + "VirtualMachines" + SpfV3ConformanceIT.key(vm) + "/VMConnection";
        String v4 = t.wap() + "VirtualMachines(ID=" + vm.get("ID").asText() + ",StampId=" + vm.get("StampId").asText()
                + ")/VMConnection";
        String spfTenant = "SC2012R2/VMM/" + t.subscription() + "/Microsoft.Management.Odata.svc/VirtualMachines"
                + SpfV3ConformanceIT.key(vm) + "/VMConnection";

        HttpResponse<String> odata3 = wap.call(tenant, "GET", v3, null);
        assertEquals(403, odata3.statusCode(), odata3.body());
        assertTrue(odata3.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode e3 = Http.json(odata3).get("odata.error");
        assertEquals("en-US", e3.get("message").get("lang").asText());
        assertTrue(e3.get("message").get("value").asText().contains("does not allow the action 'RemoteConnect'"),
                odata3.body());

        HttpResponse<String> odata4 = wap.call(tenant, "GET", v4, null, "OData-MaxVersion", "4.0");
        assertEquals(403, odata4.statusCode(), odata4.body());
        assertTrue(Http.json(odata4).get("error").get("message").asText()
                .contains("does not allow the action 'RemoteConnect'"), odata4.body());

        Http basicTenant = new Http(SharedGateway.get().uri(), t.user(), t.password());
        HttpResponse<String> spf = basicTenant.get(spfTenant, "Accept", "application/json");
        assertEquals(403, spf.statusCode(), spf.body());
        assertTrue(spf.body().contains("RemoteConnect"), spf.body());

        // the administrator's SPF service is not gated by any plan
        assertEquals(200, wap.basicAdmin.get(WapFixture.SPF + "VirtualMachines" + SpfV3ConformanceIT.key(vm)
                + "/VMConnection").statusCode());

        WapFixture.ok(wap.call(wap.admin, "PUT", "plans/" + plan, "{\"Actions\":[\"Author\",\"Create\","
                + "\"CreateFromVHDOrTemplate\",\"AllowLocalAdmin\",\"Start\",\"Stop\",\"PauseAndResume\",\"Shutdown\","
                + "\"Remove\",\"RemoteConnect\"]}"), 200);
        for (HttpResponse<String> allowed : List.of(wap.call(tenant, "GET", v3, null),
                wap.call(tenant, "GET", v4, null, "OData-MaxVersion", "4.0"), basicTenant.get(spfTenant))) {
            assertEquals(200, allowed.statusCode(), allowed.body());
            assertEquals("application/x-rdp", allowed.headers().firstValue("Content-Type").orElse(""));
            assertTrue(allowed.body().contains("pcb:s:" + vm.get("ID").asText()), allowed.body());
        }
    }
}
