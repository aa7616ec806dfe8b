package io.gio.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Black-box tenant isolation over HTTP: Alice (Contoso) and Bob (Fabrikam) each open their own V1
 * Standard subscription on the WAP tenant path and on SPF's tenant-scoped form, and probe every
 * entity set of $metadata, every key form, $filter, $expand, navigation, Jobs and writes against
 * the other's objects. Every probe must fail closed (404 exactly like a missing object, or empty);
 * the suite prints how many probes it tried. A gateway of its own, since it writes.
 */
class TenantIsolationIT {

    private static final String JSON = "application/json";
    /** Sets whose rows belong to one tenant; the others are the stamp's shared catalog. */
    private static final Set<String> PRIVATE = Set.of("VirtualMachines", "VMScreenshots", "VMCheckPoints",
            "VirtualNetworkAdapters", "VirtualDiskDrives", "VirtualDVDDrives", "VirtualSCSIAdapters", "VMBackups",
            "VirtualNetworkAdapterQoS", "VirtualHardDiskQoS", "Clouds", "VMNetworks", "Jobs", "Migrations",
            "MigrationEvents", "UserRoles");

    private static GatewayProcess gateway;
    private static Http http;
    private static Tenant alice;
    private static Tenant bob;
    private static String adminToken;
    private static int probes;

    /** A tenant: its token, its V1 subscription's two base paths, and its rows per set (read as itself). */
    record Tenant(String name, String token, UUID subscription, Map<String, List<JsonNode>> rows) {
        String wap() {
            return subscription + "/services/systemcenter/vmm/";
        }

        String spf() {
            return "SC2012R2/VMM/" + subscription + "/Microsoft.Management.Odata.svc/";
        }

        String bearer() {
            return "Bearer " + token;
        }

        Set<String> ids(String set) {
            Set<String> out = new HashSet<>();
            rows.getOrDefault(set, List.of()).forEach(r -> out.add(id(set, r)));
            return out;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayProcess.start(Files.createTempDirectory("gio-tenants"), "--sim-speed", "50");
        http = new Http(gateway.uri(), null, null);
        adminToken = token("admin", GatewayProcess.ADMIN_PASSWORD);
        alice = new Tenant("alice", token("alice@contoso.example", GatewayProcess.DEMO_PASSWORD),
                demoSubscription("Contoso", "v1"), new LinkedHashMap<>());
        bob = new Tenant("bob", token("bob@fabrikam.example", GatewayProcess.DEMO_PASSWORD),
                demoSubscription("Fabrikam", "v1"), new LinkedHashMap<>());
        // Each tenant makes a checkpoint and a VM network of its own; Alice (Backup add-on) a backup.
        for (Tenant t : List.of(alice, bob)) {
            JsonNode vm = value(get(t, t.wap() + "VirtualMachines?$top=1")).get(0);
            String vmRef = "\"VMId\":\"" + vm.get("ID").asText() + "\",\"StampId\":\"" + vm.get("StampId").asText() + "\"";
            assertEquals(201, post(t, t.wap() + "VMCheckPoints?RunAsynchronously=1", "{" + vmRef + ",\"Name\":\"cp-" + t.name()
                    + "\"}").statusCode());
            JsonNode ln = value(get(t, t.wap() + "LogicalNetworks")).get(0);
            HttpResponse<String> net = post(t, t.wap() + "VMNetworks", "{\"Name\":\"net-" + t.name()
                    + "\",\"LogicalNetworkId\":\"" + ln.get("ID").asText() + "\"}");
            assertEquals(201, net.statusCode(), net.body());
            HttpResponse<String> backup = post(t, t.wap() + "VMBackups?RunAsynchronously=1", "{" + vmRef + "}");
            // Contoso holds the Backup add-on, Fabrikam does not
            assertEquals(t == alice ? 201 : 403, backup.statusCode(), backup.body());
            // A migration to the successor subscription's cloud, waiting for a window years ahead.
            HttpResponse<String> migration = post(t, t.wap() + "Migrations", "{" + vmRef + ",\"NotBefore\":\""
                    + java.time.Instant.now().plus(java.time.Duration.ofDays(3650)) + "\"}");
            assertEquals(201, migration.statusCode(), migration.body());
            probes++;
        }
        for (Tenant t : List.of(alice, bob)) {
            for (String set : entitySets(t)) {
                HttpResponse<String> r = get(t, t.wap() + set);
                assertEquals(200, r.statusCode(), set + ": " + r.body());
                List<JsonNode> rows = new ArrayList<>();
                value(r).forEach(rows::add);
                t.rows().put(set, rows);
            }
        }
    }

    @AfterAll
    static void stop() {
        System.out.println("TenantIsolationIT: " + probes + " cross-tenant probes tried, every one failed closed");
        if (gateway != null) {
            gateway.close();
        }
    }

    static UUID demoSubscription(String tenant, String version) {
        return UUID.nameUUIDFromBytes(("gio-demo/subscription/" + tenant + "/" + version).getBytes(StandardCharsets.UTF_8));
    }

    static String token(String user, String password) {
        return token(http, user, password);
    }

    /** An access token from the gateway's password grant. */
    static String token(Http http, String user, String password) {
        HttpResponse<String> r = http.send(http.request("auth/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=" + enc(user) + "&password="
                        + enc(password))));
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r).get("access_token").asText();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static HttpResponse<String> get(Tenant t, String path, String... headers) {
        List<String> h = new ArrayList<>(List.of("Authorization", t.bearer(), "Accept", JSON));
        h.addAll(List.of(headers));
        return http.get(path, h.toArray(String[]::new));
    }

    static HttpResponse<String> post(Tenant t, String path, String body) {
        return http.method("POST", path, body, "Authorization", t.bearer(), "Accept", JSON, "Content-Type", JSON);
    }

    static JsonNode value(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r).get("value");
    }

    static List<String> entitySets(Tenant t) {
        HttpResponse<String> md = http.get(t.wap() + "$metadata", "Authorization", t.bearer());
        assertEquals(200, md.statusCode());
        List<String> sets = new ArrayList<>();
        Matcher m = Pattern.compile("<EntitySet Name=\"([^\"]+)\"").matcher(md.body());
        while (m.find()) {
            sets.add(m.group(1));
        }
        assertTrue(sets.size() > 20, "sets in $metadata: " + sets);
        return sets;
    }

    static String id(String set, JsonNode row) {
        return row.get(set.equals("VMScreenshots") ? "VMId" : "ID").asText();
    }

    static String key(String set, JsonNode row) {
        if (set.equals("UserRoles")) { // keyed by ID alone, as SPF has it
            return "(guid'" + id(set, row) + "')";
        }
        return "(" + (set.equals("VMScreenshots") ? "VMId" : "ID") + "=guid'" + id(set, row) + "',StampId=guid'"
                + row.get("StampId").asText() + "')";
    }

    static String keyV4(String set, JsonNode row) {
        if (set.equals("UserRoles")) {
            return "(" + id(set, row) + ")";
        }
        return "(" + (set.equals("VMScreenshots") ? "VMId" : "ID") + "=" + id(set, row) + ",StampId="
                + row.get("StampId").asText() + ")";
    }

    /** A probe that must fail closed with 404 (as a missing object does). */
    static void notFound(HttpResponse<String> r, String what) {
        probes++;
        assertEquals(404, r.statusCode(), what + ": " + r.body());
    }

    @Test
    void everySetShowsNoneOfTheOtherTenantsRows() {
        for (Tenant[] pair : new Tenant[][] {{alice, bob}, {bob, alice}}) {
            Tenant me = pair[0];
            Tenant other = pair[1];
            for (String set : me.rows().keySet()) {
                if (!PRIVATE.contains(set)) {
                    continue;
                }
                Set<String> overlap = new HashSet<>(me.ids(set));
                overlap.retainAll(other.ids(set));
                probes++;
                assertEquals(Set.of(), overlap, set);
                // counted with the same scope as the feed (read again: other tests of this class add jobs)
                HttpResponse<String> count = http.get(me.wap() + set + "/$count", "Authorization", me.bearer());
                probes++;
                assertEquals(String.valueOf(value(get(me, me.wap() + set)).size()), count.body().trim(), set);
            }
        }
        assertEquals(7, alice.rows().get("VirtualMachines").size());
        assertEquals(6, bob.rows().get("VirtualMachines").size());
        assertEquals(1, alice.rows().get("Clouds").size());
        assertEquals(List.of(alice.rows().get("Clouds").get(0).get("UserRoleID").asText()),
                alice.rows().get("UserRoles").stream().map(r -> r.get("ID").asText()).toList(), "her own role only");
        assertFalse(alice.rows().get("Jobs").isEmpty());
    }

    @Test
    void keyReadsAndFiltersOnTheOtherTenantsObjectsAreNotFound() {
        for (Tenant[] pair : new Tenant[][] {{alice, bob}, {bob, alice}}) {
            Tenant me = pair[0];
            Tenant other = pair[1];
            for (String set : PRIVATE) {
                for (JsonNode row : other.rows().getOrDefault(set, List.of())) {
                    for (String base : List.of(me.wap(), me.spf())) {
                        notFound(get(me, base + set + key(set, row)), set + key(set, row));
                        notFound(get(me, base + set + keyV4(set, row), "OData-MaxVersion", "4.0"), set + " v4");
                    }
                    String prop = set.equals("VMScreenshots") ? "VMId" : "ID";
                    HttpResponse<String> filtered = get(me, me.wap() + set + "?$filter=" + enc(prop + " eq guid'"
                            + id(set, row) + "'"));
                    probes++;
                    assertEquals(0, value(filtered).size(), set + " $filter");
                }
            }
        }
    }

    @Test
    void navigationExpandAndStreamsKeepToTheScope() {
        for (JsonNode vm : bob.rows().get("VirtualMachines")) {
            String k = key("VirtualMachines", vm);
            for (String nav : List.of("VMCheckpoints", "VirtualNetworkAdapters", "VirtualHardDisks", "VirtualDVDDrives",
                    "VirtualDiskDrives", "VirtualSCSIAdapters", "Cloud", "MostRecentTask", "VMConnection")) {
                notFound(get(alice, alice.wap() + "VirtualMachines" + k + "/" + nav), nav);
            }
            notFound(get(alice, alice.wap() + "VirtualMachines" + k + "?$expand=VMCheckpoints"), "$expand by key");
            notFound(get(alice, alice.wap() + "VMScreenshots(VMId=guid'" + vm.get("ID").asText() + "',StampId=guid'"
                    + vm.get("StampId").asText() + "')/Image"), "screenshot image");
        }
        JsonNode expanded = value(get(alice, alice.wap() + "VirtualMachines?$expand=VMCheckpoints,Cloud"));
        Set<String> own = alice.ids("VirtualMachines");
        int checkpoints = 0;
        for (JsonNode vm : expanded) {
            for (JsonNode cp : vm.get("VMCheckpoints")) {
                probes++;
                assertTrue(own.contains(cp.get("VMId").asText()));
                checkpoints++;
            }
            assertEquals(alice.rows().get("Clouds").get(0).get("ID").asText(), vm.get("Cloud").get("ID").asText());
        }
        assertTrue(checkpoints >= 1);
        // Bob's cloud, Bob's jobs
        JsonNode bobCloud = bob.rows().get("Clouds").get(0);
        notFound(get(alice, alice.wap() + "Clouds" + key("Clouds", bobCloud) + "/LogicalNetworks"), "cloud navigation");
        for (JsonNode job : bob.rows().get("Jobs")) {
            notFound(get(alice, alice.wap() + "Jobs" + key("Jobs", job)), "job");
        }
    }

    @Test
    void writesOnTheOtherTenantsObjectsAreNotFound() {
        JsonNode vm = bob.rows().get("VirtualMachines").get(0);
        String vmKey = key("VirtualMachines", vm);
        String vmRef = "\"VMId\":\"" + vm.get("ID").asText() + "\",\"StampId\":\"" + vm.get("StampId").asText() + "\"";
        for (String base : List.of(alice.wap(), alice.spf())) {
            notFound(http.method("MERGE", base + "VirtualMachines" + vmKey, "{\"Operation\":\"Stop\"}", "Authorization",
                    alice.bearer(), "Content-Type", JSON), "power operation");
            notFound(http.method("PUT", base + "VirtualMachines" + vmKey, "{\"Name\":\"stolen\"}", "Authorization",
                    alice.bearer(), "Content-Type", JSON), "rename");
            notFound(http.method("PATCH", base + "VirtualMachines" + keyV4("VirtualMachines", vm), "{\"Name\":\"stolen\"}",
                    "Authorization", alice.bearer(), "Content-Type", JSON, "OData-Version", "4.0"), "v4 patch");
            notFound(http.method("DELETE", base + "VirtualMachines" + vmKey, null, "Authorization", alice.bearer()),
                    "delete VM");
            notFound(post(alice, base + "VMCheckPoints", "{" + vmRef + ",\"Name\":\"x\"}"), "checkpoint on Bob's VM");
            notFound(post(alice, base + "VMBackups", "{" + vmRef + "}"), "backup of Bob's VM");
            notFound(post(alice, base + "VirtualNetworkAdapters", "{" + vmRef + ",\"VMNetworkName\":\"net-alice\"}"),
                    "adapter on Bob's VM");
            notFound(post(alice, base + "VirtualMachines", "{\"Name\":\"intruder\",\"CloudId\":\""
                    + bob.rows().get("Clouds").get(0).get("ID").asText() + "\",\"VMTemplateId\":\""
                    + alice.rows().get("VMTemplates").get(0).get("ID").asText() + "\"}"), "VM in Bob's cloud");
            for (JsonNode cp : bob.rows().get("VMCheckPoints")) {
                notFound(http.method("MERGE", base + "VMCheckPoints" + key("VMCheckPoints", cp),
                        "{\"VMCheckPointAction\":\"Restore\"}", "Authorization", alice.bearer(), "Content-Type", JSON),
                        "restore Bob's checkpoint");
                notFound(http.method("DELETE", base + "VMCheckPoints" + key("VMCheckPoints", cp), null,
                        "Authorization", alice.bearer()), "delete Bob's checkpoint");
            }
            for (JsonNode net : bob.rows().get("VMNetworks")) {
                notFound(http.method("MERGE", base + "VMNetworks" + key("VMNetworks", net), "{\"Name\":\"x\"}",
                        "Authorization", alice.bearer(), "Content-Type", JSON), "rename Bob's network");
                notFound(http.method("DELETE", base + "VMNetworks" + key("VMNetworks", net), null,
                        "Authorization", alice.bearer()), "delete Bob's network");
            }
            for (JsonNode nic : bob.rows().get("VirtualNetworkAdapters")) {
                notFound(http.method("DELETE", base + "VirtualNetworkAdapters" + key("VirtualNetworkAdapters", nic), null,
                        "Authorization", alice.bearer()), "delete Bob's adapter");
            }
            notFound(post(alice, base + "Migrations", "{" + vmRef + "}"), "migration of Bob's VM");
            for (JsonNode migration : bob.rows().get("Migrations")) {
                notFound(http.method("MERGE", base + "Migrations" + key("Migrations", migration),
                        "{\"Operation\":\"Cancel\"}", "Authorization", alice.bearer(), "Content-Type", JSON),
                        "cancel Bob's migration");
            }
            for (JsonNode qos : bob.rows().get("VirtualHardDiskQoS")) {
                notFound(http.method("MERGE", base + "VirtualHardDiskQoS" + key("VirtualHardDiskQoS", qos),
                        "{\"MaximumIops\":100}", "Authorization", alice.bearer(), "Content-Type", JSON), "Bob's disk QoS");
            }
        }
        // Bob's network by name from Alice's subscription: not found (resolved within her scope only)
        JsonNode own = alice.rows().get("VirtualMachines").get(0);
        notFound(post(alice, alice.wap() + "VirtualNetworkAdapters", "{\"VMId\":\"" + own.get("ID").asText()
                + "\",\"StampId\":\"" + own.get("StampId").asText() + "\",\"VMNetworkName\":\"net-bob\"}"),
                "Bob's network by name");
        // nothing of Bob's changed
        JsonNode after = Http.json(get(bob, bob.wap() + "VirtualMachines" + vmKey));
        assertEquals(vm.get("Name").asText(), after.get("Name").asText());
        assertEquals(bob.rows().get("VMCheckPoints").size(), value(get(bob, bob.wap() + "VMCheckPoints")).size());
    }

    @Test
    void subscriptionsOpenOnlyForTheirHolders() {
        notFound(get(alice, bob.wap() + "VirtualMachines"), "Alice on Bob's subscription");
        notFound(get(bob, alice.wap() + "Clouds"), "Bob on Alice's subscription");
        notFound(get(alice, bob.spf() + "VirtualMachines"), "Alice on Bob's SPF tenant form");
        notFound(get(alice, UUID.randomUUID() + "/services/systemcenter/vmm/Clouds"), "unknown subscription");
        notFound(get(alice, demoSubscription("Fabrikam", "v2") + "/services/systemcenter/vmm/Clouds"), "Bob's V2");
        // x-ms-principal-id never widens what the token allows
        notFound(get(alice, bob.wap() + "VirtualMachines", "x-ms-principal-id", "bob@fabrikam.example"), "principal id");
        assertEquals(7, value(get(alice, alice.wap() + "VirtualMachines", "x-ms-principal-id", "admin")).size());
        probes++;
        // no token, a bad token
        HttpResponse<String> anonymous = http.get(alice.wap() + "VirtualMachines", "Accept", JSON);
        probes++;
        assertEquals(401, anonymous.statusCode());
        HttpResponse<String> forged = http.get(alice.wap() + "VirtualMachines", "Authorization", "Bearer x.y.z");
        probes++;
        assertEquals(401, forged.statusCode());
        // Basic credentials on SPF's tenant form: the holder only
        Http aliceBasic = new Http(gateway.uri(), "alice@contoso.example", GatewayProcess.DEMO_PASSWORD);
        assertEquals(7, value(aliceBasic.get(alice.spf() + "VirtualMachines", "Accept", JSON)).size());
        notFound(aliceBasic.get(bob.spf() + "VirtualMachines", "Accept", JSON), "Alice's Basic on Bob's");
        // the admin's token opens any subscription, in its scope
        HttpResponse<String> admin = http.get(bob.wap() + "VirtualMachines", "Authorization", "Bearer " + adminToken,
                "Accept", JSON);
        assertEquals(6, value(admin).size());
        // the SPF admin path is unchanged: everything
        Http spfAdmin = new Http(gateway.uri(), "admin", GatewayProcess.ADMIN_PASSWORD);
        assertEquals(13, value(spfAdmin.get(SharedGateway.SPF + "VirtualMachines", "Accept", JSON)).size());
    }

    @Test
    void odataLinksCarryTheSubscription() {
        JsonNode feed = Http.json(get(alice, alice.wap() + "Clouds"));
        assertTrue(feed.get("odata.metadata").asText().contains(alice.subscription() + "/services/systemcenter/vmm/$metadata"),
                feed.toString());
        HttpResponse<String> paged = get(alice, alice.spf() + "VirtualMachines", "Prefer", "odata.maxpagesize=2");
        assertTrue(Http.json(paged).get("odata.nextLink").asText().contains(alice.spf()));
    }

    @Test
    void aSuspendedSubscriptionReadsButDoesNotWrite() {
        UUID bobV2 = demoSubscription("Fabrikam", "v2");
        HttpResponse<String> suspend = http.method("PUT", "subscriptions/" + bobV2, "{\"State\":2}", "Authorization",
                "Bearer " + adminToken, "Content-Type", JSON, "Accept", JSON);
        assertEquals(200, suspend.statusCode(), suspend.body());
        try {
            Tenant v2 = new Tenant("bob", bob.token(), bobV2, Map.of());
            assertEquals(1, value(get(v2, v2.wap() + "Clouds")).size());
            JsonNode ln = value(get(v2, v2.wap() + "LogicalNetworks")).get(0);
            HttpResponse<String> write = post(v2, v2.wap() + "VMNetworks", "{\"Name\":\"while-suspended\","
                    + "\"LogicalNetworkId\":\"" + ln.get("ID").asText() + "\"}");
            probes++;
            assertEquals(403, write.statusCode(), write.body());
            HttpResponse<String> create = post(v2, v2.spf() + "VirtualMachines", "{\"Name\":\"x\",\"VMTemplateId\":\""
                    + value(get(v2, v2.wap() + "VMTemplates")).get(0).get("ID").asText() + "\"}");
            probes++;
            assertEquals(403, create.statusCode(), create.body());
        } finally {
            http.method("PUT", "subscriptions/" + bobV2, "{\"State\":1}", "Authorization", "Bearer " + adminToken,
                    "Content-Type", JSON, "Accept", JSON);
        }
    }

    @Test
    void vmNetworkGrantsAndUserRolesStayWithinTheTenant() {
        JsonNode aliceNet = alice.rows().get("VMNetworks").stream()
                .filter(n -> n.get("Name").asText().equals("net-alice")).findFirst().orElseThrow();
        String aliceRoleId = aliceNet.get("Owner").get("RoleID").asText();
        String aliceRoleName = aliceNet.get("Owner").get("RoleName").asText();
        JsonNode bobNet = bob.rows().get("VMNetworks").stream()
                .filter(n -> n.get("Name").asText().equals("net-bob")).findFirst().orElseThrow();
        String bobNetUrl = bob.wap() + "VMNetworks" + key("VMNetworks", bobNet);
        // Bob cannot share his network into Alice's role, by its ID or by its name, on update or on create
        for (String grant : List.of("{\"RoleID\":\"" + aliceRoleId + "\"}", "{\"RoleName\":\"" + aliceRoleName + "\"}",
                "{\"UserName\":\"alice@contoso.example\",\"RoleID\":\"" + aliceRoleId + "\"}")) {
            HttpResponse<String> r = http.method("MERGE", bobNetUrl, "{\"GrantedToList\":[" + grant + "]}",
                    "Authorization", bob.bearer(), "Content-Type", JSON, "Accept", JSON);
            probes++;
            assertEquals(400, r.statusCode(), grant + ": " + r.body());
        }
        JsonNode ln = value(get(bob, bob.wap() + "LogicalNetworks")).get(0);
        HttpResponse<String> lookalike = post(bob, bob.wap() + "VMNetworks", "{\"Name\":\"net-alice\",\"LogicalNetworkId\":\""
                + ln.get("ID").asText() + "\",\"GrantedToList\":[{\"RoleID\":\"" + aliceRoleId + "\"}]}");
        probes++;
        assertEquals(400, lookalike.statusCode(), lookalike.body());
        // sharing within his own role is fine
        String bobRoleId = bobNet.get("Owner").get("RoleID").asText();
        assertEquals(204, http.method("MERGE", bobNetUrl, "{\"GrantedToList\":[{\"RoleID\":\"" + bobRoleId + "\"}]}",
                "Authorization", bob.bearer(), "Content-Type", JSON).statusCode());
        // Alice still sees none of Bob's networks, and her network by name is her own
        assertTrue(value(get(alice, alice.wap() + "VMNetworks")).findValuesAsText("Name").stream()
                .noneMatch(n -> n.equals("net-bob")));
        JsonNode vm = alice.rows().get("VirtualMachines").get(0);
        HttpResponse<String> nic = post(alice, alice.wap() + "VirtualNetworkAdapters?RunAsynchronously=1", "{\"VMId\":\""
                + vm.get("ID").asText() + "\",\"StampId\":\"" + vm.get("StampId").asText() + "\",\"VMNetworkName\":\"net-alice\"}");
        if (nic.statusCode() == 201) {
            assertEquals(aliceNet.get("ID").asText(), Http.json(nic).get("VMNetworkId").asText(), nic.body());
        } else {
            assertEquals(409, nic.statusCode(), "a running VM cannot take a new adapter: " + nic.body());
        }
        // the administrator cannot bind another account's subscription to Bob's user role
        JsonNode bobSub = Http.json(http.get("subscriptions/" + bob.subscription(), "Authorization", "Bearer " + adminToken,
                "Accept", JSON));
        String carol = "carol-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        assertEquals(201, http.method("POST", "users", "{\"Name\":\"" + carol + "\",\"Password\":\"carol-password-1\"}",
                "Authorization", "Bearer " + adminToken, "Content-Type", JSON, "Accept", JSON).statusCode());
        HttpResponse<String> shared = http.method("POST", "subscriptions", "{\"SubscriptionName\":\"Carol\","
                + "\"AccountAdminLiveEmailId\":\"" + carol + "\",\"PlanId\":\"" + bobSub.get("PlanId").asText()
                + "\",\"UserRoleId\":\"" + bobSub.get("UserRoleId").asText() + "\"}", "Authorization", "Bearer " + adminToken,
                "Content-Type", JSON, "Accept", JSON);
        probes++;
        assertEquals(409, shared.statusCode(), shared.body());
        assertTrue(shared.body().contains("another account"), shared.body());
    }
}
