package io.gio.conformance;

import static io.gio.conformance.SharedGateway.SPF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * Paging (spec 2.3): OData 3 clients that never follow next links get complete result sets; a
 * client that asks for a page size ({@code Prefer: odata.maxpagesize}) gets pages with next
 * links in every format, and following them yields exactly the complete set.
 */
class PagingIT {

    static Http http;

    @BeforeAll
    static void start() throws Exception {
        http = SharedGateway.admin();
    }

    /** The path and query of an absolute next link, for the test client. */
    private static String relative(String link) {
        URI u = URI.create(link);
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    private static List<String> names(JsonNode values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(v.get("Name").asText()));
        return out;
    }

    private List<String> all(String query) {
        HttpResponse<String> r = http.get(SPF + "VirtualMachines" + query, "Accept", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = Http.json(r);
        assertFalse(body.has("odata.nextLink"), "a client that asks for no pages gets no next link");
        return names(body.get("value"));
    }

    @Test
    void jsonLightPagesFollowedGiveTheCompleteSet() {
        String query = "?$select=Name&$orderby=Name";
        List<String> complete = all(query);
        assertTrue(complete.size() > 120, "the shared gateway holds the demo VMs plus 150: " + complete.size());
        List<String> paged = new ArrayList<>();
        String next = SPF + "VirtualMachines" + query;
        int pages = 0;
        while (next != null) {
            HttpResponse<String> r = http.get(next, "Accept", "application/json;odata=minimalmetadata",
                    "Prefer", "odata.maxpagesize=50");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("odata.maxpagesize=50", r.headers().firstValue("Preference-Applied").orElse(""));
            JsonNode body = Http.json(r);
            assertTrue(body.get("value").size() <= 50);
            paged.addAll(names(body.get("value")));
            next = body.has("odata.nextLink") ? relative(body.get("odata.nextLink").asText()) : null;
            pages++;
        }
        assertEquals(complete, paged);
        assertEquals((complete.size() + 49) / 50, pages);
    }

    @Test
    void topAndSkipBoundThePagedResult() {
        List<String> window = all("?$select=Name&$orderby=Name&$skip=7&$top=30");
        List<String> paged = new ArrayList<>();
        String next = SPF + "VirtualMachines?$select=Name&$orderby=Name&$skip=7&$top=30";
        while (next != null) {
            JsonNode body = Http.json(http.get(next, "Accept", "application/json", "Prefer", "odata.maxpagesize=8"));
            paged.addAll(names(body.get("value")));
            next = body.has("odata.nextLink") ? relative(body.get("odata.nextLink").asText()) : null;
        }
        assertEquals(30, window.size());
        assertEquals(window, paged);
    }

    @Test
    void verboseJsonAndAtomCarryTheirNextLinks() throws Exception {
        JsonNode verbose = Http.json(http.get(SPF + "VirtualMachines?$select=Name&$inlinecount=allpages",
                "Accept", "application/json;odata=verbose", "Prefer", "odata.maxpagesize=10"));
        assertEquals(10, verbose.get("d").get("results").size());
        assertTrue(verbose.get("d").get("__next").asText().contains("$skiptoken=10"), verbose.toString());
        assertTrue(verbose.get("d").get("__count").asInt() > 10);

        HttpResponse<String> atom = http.get(SPF + "VirtualMachines?$select=Name", "Prefer", "odata.maxpagesize=10");
        Document d = SpfAtomIT.xml(atom);
        assertEquals("10", SpfAtomIT.xpath(d, "count(/feed/entry)"));
        assertTrue(SpfAtomIT.xpath(d, "/feed/link[@rel='next']/@href").endsWith("$skiptoken=10"), atom.body());
    }

    @Test
    void odata4PagesFollowTheSamePreference() {
        Set<String> ids = new LinkedHashSet<>();
        String next = SPF + "VirtualMachines?$select=ID&$count=true";
        long count = -1;
        while (next != null) {
            HttpResponse<String> r = http.get(next, "OData-MaxVersion", "4.0", "Prefer", "odata.maxpagesize=40");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode body = Http.json(r);
            if (count < 0) {
                count = body.get("@odata.count").asLong();
            }
            body.get("value").forEach(v -> assertTrue(ids.add(v.get("ID").asText()), "no entity twice"));
            next = body.has("@odata.nextLink") ? relative(body.get("@odata.nextLink").asText()) : null;
        }
        assertEquals(count, ids.size());
    }

    @Test
    void aForeignSkipTokenIsABadRequest() {
        HttpResponse<String> r = http.get(SPF + "VirtualMachines?$skiptoken=abc", "Accept", "application/json");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(Http.json(r).get("odata.error").get("message").get("value").asText().contains("$skiptoken"));
    }
}
