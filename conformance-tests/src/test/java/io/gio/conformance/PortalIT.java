package io.gio.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The tenant portal in a real browser (headless Chromium driven by Selenium and chromedriver, from
 * Debian), against a gateway of its own on a fast simulated clock: Alice signs in with the
 * keyboard, starts a stopped VM and sees it running, takes, restores and deletes a checkpoint,
 * makes and deletes a backup, opens the console, schedules a migration with VHDX conversion,
 * watches it complete with its downtime shown and rolls it back, then migrates it again with a
 * confirmed cut-over and commits, creates a VM with the wizard and follows its job; Bob's VMs never
 * appear for her; the administrator sees the migration in the operator view. On every page: no error in the browser's console, every control has an accessible
 * name, and nothing overflows at tablet width. Skipped, saying why, without Chromium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalIT {

    private static final String ALICE = "alice@contoso.example";
    private static final String BOB = "bob@fabrikam.example";

    private GatewayProcess gateway;
    private WapFixture wap;
    private Browser browser;
    private String sub;
    private String successor;
    private JsonNode vm;
    private String migrationId;

    @BeforeAll
    void start() throws Exception {
        String missing = Browser.missing();
        assumeTrue(missing == null, () -> {
            System.out.println("SKIPPED PortalIT: " + missing);
            return missing;
        });
        gateway = GatewayProcess.start(Files.createTempDirectory("gio-portal"), "--sim-speed", "100");
        wap = new WapFixture(gateway);
        String alice = wap.token(ALICE, GatewayProcess.DEMO_PASSWORD);
        JsonNode v1 = StreamSupport.stream(WapFixture.ok(wap.call(alice, "GET", "subscriptions/", null), 200).spliterator(),
                false).filter(s -> s.path("SuccessorSubscriptionId").isTextual()).findFirst().orElseThrow();
        sub = v1.path("SubscriptionId").asText();
        successor = v1.path("SuccessorSubscriptionId").asText();
        String template = StreamSupport.stream(WapFixture.ok(wap.call(alice, "GET", sub
                + "/services/systemcenter/vmm/VMTemplates", null), 200).get("value").spliterator(), false)
                .filter(t -> t.path("Name").asText().startsWith("CentOS")).findFirst().orElseThrow().path("ID").asText();
        JsonNode created = WapFixture.ok(wap.call(alice, "POST", sub + "/services/systemcenter/vmm/VirtualMachines",
                "{\"StampId\":\"" + v1.path("StampId").asText() + "\",\"CloudId\":\"" + v1.path("CloudId").asText()
                        + "\",\"Name\":\"portal01\",\"VMTemplateId\":\"" + template + "\",\"StartVM\":false}"), 201);
        vm = wap.awaitVm(created, v -> v.path("Status").asText().equals("PowerOff"));
        browser = new Browser(gateway.uri());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    @Order(1)
    void aliceSignsInWithTheKeyboardAndSeesOnlyHerSubscriptionsAndVms() throws Exception {
        browser.open("/portal/");
        browser.waitFor(By.cssSelector("input[name=username]"));
        browser.driver.switchTo().activeElement().sendKeys(ALICE, Keys.TAB, GatewayProcess.DEMO_PASSWORD, Keys.ENTER);
        browser.waitForText(By.tagName("h1"), "Your subscriptions");
        browser.checkPage("subscriptions");
        List<String> subs = browser.texts(By.cssSelector("main table a"));
        assertTrue(subs.stream().allMatch(s -> s.startsWith("Contoso")), "Alice's subscriptions only: " + subs);
        browser.driver.findElement(By.linkText("Contoso V1 Standard")).click();
        browser.waitFor(By.cssSelector("[data-key='" + vm.path("ID").asText() + "']"));
        browser.checkPage("VM list");

        Set<String> shown = new HashSet<>(browser.texts(By.cssSelector("#vm-list a")));
        String bob = wap.token(BOB, GatewayProcess.DEMO_PASSWORD);
        Set<String> bobs = new HashSet<>();
        for (JsonNode s : WapFixture.ok(wap.call(bob, "GET", "subscriptions/", null), 200)) {
            WapFixture.ok(wap.call(bob, "GET", s.path("SubscriptionId").asText()
                    + "/services/systemcenter/vmm/VirtualMachines", null), 200).get("value")
                    .forEach(v -> bobs.add(v.path("Name").asText()));
        }
        assertFalse(bobs.isEmpty());
        Set<String> both = new HashSet<>(shown);
        both.retainAll(bobs);
        assertEquals(Set.of(), both, "none of Bob's VMs appear for Alice");
        assertTrue(new Select(browser.driver.findElement(By.id("sub-picker"))).getOptions().stream()
                .noneMatch(o -> o.getText().startsWith("Fabrikam")), "nor his subscriptions");
        browser.saveScreenshot("portal-vms.png");
    }

    @Test
    @Order(2)
    void aliceStartsAStoppedVmAndSeesItRunning() {
        browser.open("/portal/#/s/" + sub + "/vm/" + vm.path("StampId").asText() + "/" + vm.path("ID").asText());
        browser.waitForText(By.id("vm-status"), "Stopped");
        browser.checkPage("VM page");
        browser.waitFor(By.cssSelector("button[data-op=Start]:not([disabled])")).click();
        browser.waitForText(By.id("vm-status"), "Running");
        browser.waitFor(By.cssSelector("#vm-screenshot[src^='blob:']"));
        browser.saveScreenshot("portal-vm.png");
    }

    @Test
    @Order(3)
    void aliceRunsEveryPowerCommand() throws Exception {
        power("Suspend", "Paused");
        power("Resume", "Running");
        power("Reboot", "Running");
        power("Reset", "Running");
        power("Shutdown", "Stopped");
        power("Start", "Running");
        browser.checkPage("VM page after the power commands");
    }

    /** Clicks a command of the VM's bar; its job completes and the page shows the state. */
    private void power(String op, String shown) throws Exception {
        WebElement button = browser.waitFor(By.cssSelector("button[data-op=" + op + "]:not([disabled])"));
        int before = jobs().size();
        button.click();
        JsonNode job = null;
        for (int i = 0; i < 150 && job == null; i++) {
            List<JsonNode> now = jobs();
            job = now.size() > before ? now.get(0) : null;
            if (job == null) {
                Thread.sleep(100);
            }
        }
        assertTrue(job != null, op + " ran as a job");
        assertEquals("Completed", wap.awaitJob(job.path("ID").asText()).path("Status").asText(), op);
        browser.waitForText(By.id("vm-status"), shown);
    }

    /** Alice's jobs on the VM, newest first. */
    private List<JsonNode> jobs() {
        String alice = wap.token(ALICE, GatewayProcess.DEMO_PASSWORD);
        return StreamSupport.stream(WapFixture.ok(wap.call(alice, "GET", sub + "/services/systemcenter/vmm/Jobs"
                + "?$filter=TargetObjectID%20eq%20guid'" + vm.path("ID").asText() + "'&$orderby=StartTime%20desc", null),
                200).get("value").spliterator(), false).toList();
    }

    @Test
    @Order(4)
    void aliceTakesAndRestoresACheckpoint() throws Exception {
        browser.driver.findElement(By.linkText("Checkpoints")).click();
        WebElement name = browser.waitFor(By.id("checkpoint-name"));
        name.clear();
        name.sendKeys("before the upgrade");
        browser.driver.findElement(By.xpath("//button[text()='Take checkpoint']")).click();
        browser.waitForText(By.id("checkpoint-tree"), "before the upgrade");
        browser.waitFor(By.cssSelector("#checkpoint-tree .tree-row[data-ready='true']"));
        name = browser.waitFor(By.id("checkpoint-name"));
        name.clear();
        name.sendKeys("after the upgrade");
        browser.driver.findElement(By.xpath("//button[text()='Take checkpoint']")).click();
        // the second is the first's child, one level down in the tree
        browser.waitForText(By.cssSelector("#checkpoint-tree li li .tree-row[data-ready='true']"), "after the upgrade");
        browser.waitFor(By.xpath("//*[@id='checkpoint-tree']/ul/li/div[contains(@class,'tree-row')]"
                + "[span[text()='before the upgrade']]//button[contains(@data-key,'-restore')]")).click();
        browser.waitFor(By.id("confirm-ok")).click();
        String alice = wap.token(ALICE, GatewayProcess.DEMO_PASSWORD);
        JsonNode job = null;
        for (int i = 0; i < 100 && job == null; i++) {
            Thread.sleep(200);
            job = StreamSupport.stream(WapFixture.ok(wap.call(alice, "GET", sub + "/services/systemcenter/vmm/Jobs", null),
                    200).get("value").spliterator(), false)
                    .filter(j -> j.path("Name").asText().toLowerCase().contains("restore")).findFirst().orElse(null);
        }
        assertTrue(job != null, "the restore ran as a job");
        assertEquals("Completed", wap.awaitJob(job.path("ID").asText()).path("Status").asText());
        browser.waitForText(By.id("vm-status"), "Running");
        browser.checkPage("checkpoints");
        // restoring the parent kept its child, as VMM does; deleting the parent keeps the child too
        browser.waitForText(By.id("checkpoint-tree"), "after the upgrade");
        deleteFirst("checkpoint-tree");
        browser.waitForText(By.cssSelector("#checkpoint-tree > ul > li .tree-row"), "after the upgrade");
        deleteTheOnlyOne("checkpoint-tree", "No checkpoints yet.");
    }

    /** Deletes the first item of a list with its Delete button and the confirmation dialog. */
    private void deleteFirst(String list) {
        int before = browser.driver.findElements(By.cssSelector("#" + list + " button[data-key$='-delete']")).size();
        browser.waitFor(By.cssSelector("#" + list + " button[data-key$='-delete']:not([disabled])")).click();
        browser.waitFor(By.id("confirm-ok")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d ->
                d.findElements(By.cssSelector("#" + list + " button[data-key$='-delete']")).size() < before);
    }

    @Test
    @Order(5)
    void aliceBacksTheVmUp() {
        browser.driver.findElement(By.linkText("Backups")).click();
        WebElement name = browser.waitFor(By.id("backup-name"));
        name.clear();
        name.sendKeys("nightly");
        browser.driver.findElement(By.xpath("//button[text()='Back up now']")).click();
        browser.waitForText(By.id("backup-list"), "nightly");
        browser.waitForText(By.id("backup-list"), "Available");
        browser.checkPage("backups");
    }

    /** Deletes the one item of a list with its Delete button and the confirmation dialog. */
    private void deleteTheOnlyOne(String list, String emptyText) {
        browser.waitFor(By.cssSelector("#" + list + " button[data-key$='-delete']")).click();
        browser.waitFor(By.id("confirm-ok")).click();
        browser.waitForText(By.id(list), emptyText);
    }

    @Test
    @Order(6)
    void theConsoleOpensWithNoVnc() {
        browser.driver.findElement(By.linkText("Console")).click();
        browser.waitFor(By.xpath("//button[text()='Connect']")).click();
        browser.waitForText(By.id("console-status"), "Connected to the console of portal01");
        browser.waitFor(By.cssSelector("#console-screen canvas[width='1024']"));
        browser.checkPage("console");
        browser.driver.findElement(By.xpath("//button[text()='Disconnect']")).click();
        browser.waitForText(By.id("console-status"), "Disconnected");
    }

    @Test
    @Order(7)
    void aliceStopsTheVmGrowsItsDiskAndStartsItAgain() throws Exception {
        browser.driver.findElement(By.linkText("Overview")).click();
        browser.waitForText(By.id("vm-status"), "Running");
        assertFalse(browser.waitFor(By.cssSelector("#vm-disks button[data-key$='-expand']")).isEnabled(),
                "a running VM's boot disk does not grow");
        browser.waitFor(By.cssSelector("button[data-op=Stop]:not([disabled])")).click();
        browser.waitForText(By.id("vm-status"), "Stopped");
        WebElement size = browser.waitFor(By.cssSelector("#vm-disks input[data-key$='-size']"));
        size.clear();
        size.sendKeys("10");
        browser.waitFor(By.cssSelector("#vm-disks button[data-key$='-expand']:not([disabled])")).click();
        browser.waitForText(By.id("alert"), "can only grow");
        size = browser.waitFor(By.cssSelector("#vm-disks input[data-key$='-size']"));
        size.clear();
        size.sendKeys("40");
        browser.waitFor(By.cssSelector("#vm-disks button[data-key$='-expand']:not([disabled])")).click();
        browser.waitForText(By.id("vm-disks"), "40 GB");
        browser.checkPage("disks");

        Select sizes = new Select(browser.waitFor(By.id("resize-size")));
        sizes.selectByIndex(sizes.getOptions().size() - 1);
        String profile = sizes.getFirstSelectedOption().getAttribute("value");
        browser.driver.findElement(By.xpath("//button[text()='Resize']")).click();
        String alice = wap.token(ALICE, GatewayProcess.DEMO_PASSWORD);
        String svc = sub + "/services/systemcenter/vmm/";
        JsonNode hp = WapFixture.ok(wap.call(alice, "GET", svc + "HardwareProfiles?$filter=ID%20eq%20guid'" + profile + "'",
                null), 200).get("value").get(0);
        JsonNode resized = wap.awaitVm(vm, v -> v.path("CPUCount").asInt() == hp.path("CPUCount").asInt()
                && v.path("Memory").asInt() == hp.path("Memory").asInt());
        assertEquals(hp.path("CPUCount").asInt(), resized.path("CPUCount").asInt(), "resized to " + hp.path("Name").asText());

        browser.driver.findElement(By.linkText("Backups")).click();
        browser.waitFor(By.cssSelector("#backup-list button[data-key$='-restore']:not([disabled])")).click();
        browser.waitFor(By.id("confirm-ok")).click();
        JsonNode restore = null;
        for (int i = 0; i < 150 && restore == null; i++) {
            restore = jobs().stream().filter(j -> j.path("Name").asText().toLowerCase().contains("restore")
                    && j.path("Name").asText().toLowerCase().contains("backup")).findFirst().orElse(null);
            if (restore == null) {
                Thread.sleep(100);
            }
        }
        assertTrue(restore != null, "the backup's restore ran as a job: " + jobs());
        assertEquals("Completed", wap.awaitJob(restore.path("ID").asText()).path("Status").asText());
        browser.waitForText(By.id("backup-list"), "Available");
        deleteTheOnlyOne("backup-list", "No backups yet.");

        browser.driver.findElement(By.linkText("Overview")).click();
        browser.waitForText(By.id("vm-status"), "Stopped");
        browser.waitFor(By.cssSelector("button[data-op=Start]:not([disabled])")).click();
        browser.waitForText(By.id("vm-status"), "Running");
    }

    @Test
    @Order(8)
    void aliceMigratesWithVhdxConversionRollsBackThenMigratesWithAConfirmedCutoverAndCommits() throws Exception {
        browser.driver.findElement(By.linkText("Migrations")).click();
        browser.waitFor(By.cssSelector("#mig-vm option[value='" + vm.path("ID").asText() + "']"));
        browser.checkPage("migrations");
        new Select(browser.driver.findElement(By.id("mig-vm"))).selectByValue(vm.path("ID").asText());
        assertTrue(browser.driver.findElement(By.id("mig-vhdx")).isSelected(), "VHDX conversion is the default");
        browser.driver.findElement(By.xpath("//button[text()='Schedule migration']")).click();
        WebElement card = browser.waitFor(By.cssSelector("article.migration"));
        migrationId = card.getAttribute("data-migration");
        browser.waitFor(By.cssSelector("article[data-migration='" + migrationId + "'][data-state='Completed']"),
                Duration.ofMinutes(3));
        String downtime = browser.driver.findElement(By.cssSelector("article[data-migration='" + migrationId + "']"))
                .getAttribute("outerHTML");
        browser.saveScreenshot("portal-migration-completed.png");
        assertTrue(downtime.matches("(?s).*<dt>Downtime</dt><dd>(\\d+ min )?\\d+(\\.\\d)? s</dd>.*"),
                "the measured downtime is shown: " + downtime);
        String alice = wap.token(ALICE, GatewayProcess.DEMO_PASSWORD);
        JsonNode m = WapFixture.ok(wap.call(alice, "GET", sub + "/services/systemcenter/vmm/Migrations(ID=guid'"
                + migrationId + "',StampId=guid'" + vm.path("StampId").asText() + "')", null), 200);
        assertTrue(m.path("ConvertToVhdx").asBoolean());
        JsonNode disks = WapFixture.ok(wap.call(alice, "GET", successor + "/services/systemcenter/vmm/VirtualHardDisks"
                + "?$filter=VMId%20eq%20guid'" + m.path("TargetVMId").asText() + "'", null), 200).get("value");
        assertTrue(disks.size() > 0 && disks.get(0).path("Name").asText().endsWith(".vhdx"), disks.toString());
        browser.driver.findElement(By.cssSelector("article[data-migration='" + migrationId + "'] summary")).click();
        browser.waitForText(By.cssSelector("article[data-migration='" + migrationId + "'] .timeline"), "Completed");
        browser.saveScreenshot("portal-migration.png");

        browser.driver.findElement(By.cssSelector("button[data-key='" + migrationId + "-Rollback']")).click();
        browser.waitFor(By.id("confirm-ok")).click();
        browser.waitFor(By.cssSelector("article[data-migration='" + migrationId + "'][data-state='RolledBack']"),
                Duration.ofMinutes(3));
        browser.checkPage("migrations after the rollback");

        browser.waitFor(By.cssSelector("#mig-vm option[value='" + vm.path("ID").asText() + "']"));
        new Select(browser.driver.findElement(By.id("mig-vm"))).selectByValue(vm.path("ID").asText());
        browser.driver.findElement(By.id("mig-confirm")).click();
        browser.driver.findElement(By.xpath("//button[text()='Schedule migration']")).click();
        browser.waitFor(By.cssSelector("article.migration[data-state='AwaitingCutover']"), Duration.ofMinutes(3));
        String confirmed = browser.driver.findElement(By.cssSelector("article.migration[data-state='AwaitingCutover']"))
                .getAttribute("data-migration");
        browser.driver.findElement(By.cssSelector("button[data-key='" + confirmed + "-Cutover']")).click();
        browser.waitFor(By.cssSelector("article[data-migration='" + confirmed + "'][data-state='Completed']"),
                Duration.ofMinutes(3));
        browser.driver.findElement(By.cssSelector("button[data-key='" + confirmed + "-Commit']")).click();
        browser.waitFor(By.id("confirm-ok")).click();
        browser.waitFor(By.cssSelector("article[data-migration='" + confirmed + "'][data-state='Committed']"),
                Duration.ofMinutes(3));
        browser.checkPage("migrations after the commit");
    }

    @Test
    @Order(9)
    void aliceSchedulesAMigrationForLaterWithItsOptionsAndCancelsIt() throws Exception {
        String alice = wap.token(ALICE, GatewayProcess.DEMO_PASSWORD);
        JsonNode other = StreamSupport.stream(WapFixture.ok(wap.call(alice, "GET", sub
                + "/services/systemcenter/vmm/VirtualMachines?$filter=Name%20eq%20'web01'", null), 200).get("value")
                .spliterator(), false).findFirst().orElseThrow();
        browser.open("/portal/#/s/" + sub + "/migrations");
        browser.waitFor(By.cssSelector("#mig-vm option[value='" + other.path("ID").asText() + "']"));
        new Select(browser.driver.findElement(By.id("mig-vm"))).selectByValue(other.path("ID").asText());
        new Select(browser.driver.findElement(By.id("mig-strategy"))).selectByValue("ExportImport");
        Select size = new Select(browser.driver.findElement(By.id("mig-size")));
        size.selectByIndex(size.getOptions().size() - 1);
        browser.driver.findElement(By.id("mig-vhdx")).click(); // keep the VHD
        browser.driver.executeScript("const w = document.getElementById('mig-window'); w.value = '2099-01-01T10:00';"
                + " w.dispatchEvent(new Event('input', {bubbles: true})); w.dispatchEvent(new Event('change', {bubbles: true}));");
        browser.driver.findElement(By.xpath("//button[text()='Schedule migration']")).click();
        WebElement card = browser.waitFor(By.cssSelector("article.migration[data-state='Scheduled']"));
        String id = card.getAttribute("data-migration");
        JsonNode m = WapFixture.ok(wap.call(alice, "GET", sub + "/services/systemcenter/vmm/Migrations(ID=guid'" + id
                + "',StampId=guid'" + other.path("StampId").asText() + "')", null), 200);
        assertEquals("ExportImport", m.path("Strategy").asText(), m.toString());
        assertFalse(m.path("ConvertToVhdx").asBoolean());
        assertTrue(m.path("NotBefore").asText().startsWith("2099-01-01"), m.toString());
        assertTrue(m.path("TargetCPUCount").isNumber(), "the new size was sent: " + m);
        browser.checkPage("a scheduled migration");
        browser.driver.findElement(By.cssSelector("button[data-key='" + id + "-Cancel']")).click();
        browser.waitFor(By.id("confirm-ok")).click();
        browser.waitFor(By.cssSelector("article[data-migration='" + id + "'][data-state='Cancelled']"));
    }

    @Test
    @Order(10)
    void theSubscriptionPickerSwitchesAndHidesMigrationsWherePlansHaveNone() {
        Select picker = new Select(browser.waitFor(By.id("sub-picker")));
        picker.selectByValue(successor);
        browser.waitForText(By.tagName("h1"), "Virtual machines");
        assertTrue(browser.driver.getCurrentUrl().contains(successor), browser.driver.getCurrentUrl());
        assertTrue(browser.driver.findElements(By.linkText("Migrations")).isEmpty(),
                "the V2 subscription has no successor to migrate to: no Migrations tab");
        browser.checkPage("VM list of the V2 subscription");
        new Select(browser.waitFor(By.id("sub-picker"))).selectByValue(sub);
        browser.waitFor(By.linkText("Migrations"));
    }

    @Test
    @Order(11)
    void aliceCreatesAVmWithTheWizardAndFollowsItsJob() {
        browser.driver.findElement(By.linkText("Create")).click();
        browser.waitForText(By.id("create-quota"), "left of");
        browser.checkPage("create wizard");
        new Select(browser.driver.findElement(By.id("create-size"))).selectByIndex(1);
        browser.driver.findElement(By.id("create-name")).sendKeys("portal02");
        browser.driver.findElement(By.xpath("//button[text()='Create']")).click();
        browser.waitForText(By.tagName("h1"), "portal02");
        browser.waitForText(By.id("vm-status"), "Running");
        String created = browser.driver.getCurrentUrl();
        browser.driver.findElement(By.linkText("Jobs")).click();
        browser.waitForText(By.id("job-list"), "portal02");
        browser.checkPage("jobs");

        browser.driver.get(created);
        browser.waitForText(By.id("vm-status"), "Running");
        browser.waitFor(By.cssSelector("button[data-op=Stop]:not([disabled])")).click();
        browser.waitForText(By.id("vm-status"), "Stopped");
        browser.waitFor(By.xpath("//button[text()='Delete' and not(@disabled)]")).click();
        browser.waitFor(By.id("confirm-ok")).click();
        browser.waitFor(By.cssSelector("#vm-list a"));
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(d ->
                !d.findElement(By.id("vm-list")).getText().contains("portal02"));
    }

    @Test
    @Order(12)
    void withoutHardwareProfilesAVmIsSizedByProcessorsAndMemory() throws Exception {
        // a plan that offers no hardware profile, as on a libvirt fabric: the portal asks for a size
        String centos = wap.template(wap.stampOf("V1 Standard"), "CentOS Linux 7 (64 bit)");
        WapFixture.Tenant carol = wap.tenant(wap.plan("V1 Standard", ",\"TemplateIds\":[\"" + centos + "\"]"));
        JsonNode vm1 = wap.vm(carol, "carol01", false, "PowerOff");
        browser.driver.findElement(By.xpath("//button[text()='Sign out']")).click();
        browser.waitFor(By.cssSelector("input[name=username]")).sendKeys(carol.user());
        browser.driver.findElement(By.cssSelector("input[name=password]")).sendKeys(carol.password(), Keys.ENTER);
        browser.waitForText(By.tagName("h1"), "Your subscriptions");
        browser.open("/portal/#/s/" + carol.subscription() + "/vm/" + vm1.path("StampId").asText() + "/"
                + vm1.path("ID").asText());
        browser.waitForText(By.id("vm-status"), "Stopped");
        WebElement cpu = browser.waitFor(By.cssSelector("#resize-cpu:not([disabled])"));
        cpu.clear();
        cpu.sendKeys("2");
        WebElement mem = browser.driver.findElement(By.id("resize-memory"));
        mem.clear();
        mem.sendKeys("3072");
        browser.checkPage("VM page without hardware profiles");
        browser.driver.findElement(By.xpath("//button[text()='Resize']")).click();
        wap.awaitVm(vm1, v -> v.path("CPUCount").asInt() == 2 && v.path("Memory").asInt() == 3072);

        browser.open("/portal/#/s/" + carol.subscription() + "/create");
        browser.waitForText(By.id("create-quota"), "used");
        new Select(browser.driver.findElement(By.id("create-size"))).selectByValue("custom");
        WebElement cpus = browser.waitFor(By.id("create-cpu"));
        cpus.clear();
        cpus.sendKeys("2");
        WebElement memory = browser.driver.findElement(By.id("create-memory"));
        memory.clear();
        memory.sendKeys("4096");
        browser.driver.findElement(By.id("create-name")).sendKeys("carol02");
        browser.checkPage("create wizard without hardware profiles");
        browser.driver.findElement(By.xpath("//button[text()='Create']")).click();
        browser.waitForText(By.tagName("h1"), "carol02");
        JsonNode created = StreamSupport.stream(WapFixture.ok(wap.call(wap.token(carol.user(), carol.password()), "GET",
                carol.wap() + "VirtualMachines?$filter=Name%20eq%20'carol02'", null), 200).get("value").spliterator(), false)
                .findFirst().orElseThrow();
        assertEquals(2, created.path("CPUCount").asInt(), created.toString());
        assertEquals(4096, created.path("Memory").asInt(), created.toString());
    }

    @Test
    @Order(13)
    void theAdministratorSeesTheMigrationInTheOperatorView() {
        browser.driver.findElement(By.xpath("//button[text()='Sign out']")).click();
        browser.waitFor(By.cssSelector("input[name=username]")).sendKeys("admin");
        browser.driver.findElement(By.cssSelector("input[name=password]")).sendKeys(GatewayProcess.ADMIN_PASSWORD, Keys.ENTER);
        browser.waitForText(By.tagName("h1"), "Migrations across tenants");
        browser.waitForText(By.id("ended"), "portal01");
        browser.waitFor(By.cssSelector("#links svg[role=img]"));
        browser.waitFor(By.cssSelector("#volumes svg[role=img]"));
        browser.checkPage("operator view");
        browser.saveScreenshot("portal-operator.png");
    }

    @Test
    @Order(14)
    void pagesFitATabletAndTheConsoleStayedClean() {
        browser.resize(768, 1024);
        browser.open("/portal/#/operator");
        browser.waitForText(By.tagName("h1"), "Migrations across tenants");
        browser.checkPage("operator view at tablet width");
        browser.driver.findElement(By.xpath("//button[text()='Sign out']")).click();
        browser.waitFor(By.cssSelector("input[name=username]")).sendKeys(ALICE);
        browser.driver.findElement(By.cssSelector("input[name=password]")).sendKeys(GatewayProcess.DEMO_PASSWORD, Keys.ENTER);
        browser.waitForText(By.tagName("h1"), "Your subscriptions");
        browser.open("/portal/#/s/" + sub + "/vms");
        browser.waitFor(By.cssSelector("#vm-list a"));
        browser.checkPage("VM list at tablet width");
        browser.open("/portal/#/s/" + sub + "/migrations");
        browser.waitFor(By.cssSelector("article.migration"));
        browser.checkPage("migrations at tablet width");
        assertEquals(List.of(), browser.consoleErrors(), "no errors in the browser console over the whole run");
    }

    /** Chromium through chromedriver, with the page checks every test makes. */
    static final class Browser implements AutoCloseable {
        private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium"));
        private static final Path DRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));

        final org.openqa.selenium.chrome.ChromeDriver driver;
        private final java.net.URI base;
        private final List<String> errors = new ArrayList<>();

        static String missing() {
            if (!Files.isExecutable(CHROMIUM)) {
                return "no Chromium at " + CHROMIUM + " (apt-get install chromium chromium-driver, or set CHROME_BIN)";
            }
            if (!Files.isExecutable(DRIVER)) {
                return "no chromedriver at " + DRIVER + " (apt-get install chromium-driver, or set CHROMEDRIVER)";
            }
            return null;
        }

        Browser(java.net.URI base) {
            this.base = base;
            org.openqa.selenium.chrome.ChromeOptions options = new org.openqa.selenium.chrome.ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1280,1000", "--lang=en-US");
            options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
            org.openqa.selenium.chrome.ChromeDriverService service = new org.openqa.selenium.chrome.ChromeDriverService
                    .Builder().usingDriverExecutable(DRIVER.toFile()).build();
            driver = new org.openqa.selenium.chrome.ChromeDriver(service, options);
        }

        void open(String path) {
            driver.get(base.resolve(path).toString());
        }

        void resize(int width, int height) {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
        }

        WebElement waitFor(By by) {
            return waitFor(by, Duration.ofSeconds(60));
        }

        WebElement waitFor(By by, Duration timeout) {
            return explained(() -> new org.openqa.selenium.support.ui.WebDriverWait(driver, timeout)
                    .until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(by)));
        }

        void waitForText(By by, String text) {
            explained(() -> new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(60))
                    .until(org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated(by, text)));
        }

        /** A wait that, when it times out, says what the page showed and saves a screenshot. */
        private <T> T explained(java.util.function.Supplier<T> wait) {
            try {
                return wait.get();
            } catch (org.openqa.selenium.TimeoutException e) {
                saveScreenshot("failure-" + System.currentTimeMillis() + ".png");
                String alert = driver.findElements(By.id("alert")).stream().map(WebElement::getText).findFirst().orElse("");
                throw new AssertionError(e.getMessage().lines().findFirst().orElse("") + "\nalert: " + alert
                        + "\nconsole: " + consoleErrors() + "\nurl: " + driver.getCurrentUrl(), e);
            }
        }

        List<String> texts(By by) {
            return driver.findElements(by).stream().map(WebElement::getText).toList();
        }

        /**
         * The checks of every page: each visible control has an accessible name, the status region
         * exists, nothing overflows the window's width, and the console has no errors so far.
         */
        @SuppressWarnings("unchecked")
        void checkPage(String page) {
            List<String> unnamed = (List<String>) driver.executeScript("""
                    return [...document.querySelectorAll('button, input, select, textarea, a[href], [role=progressbar], canvas, [role=application]')]
                      .filter(e => e.getClientRects().length > 0)
                      .filter(e => !((e.getAttribute('aria-label') || '')
                        + (e.labels ? [...e.labels].map(l => l.textContent).join('') : '')
                        + (e.getAttribute('aria-labelledby') ? 'x' : '')
                        + (e.type === 'submit' || e.tagName !== 'INPUT' ? e.textContent : '')
                        + (e.title || '')).trim())
                      .map(e => e.outerHTML.slice(0, 160));""");
            assertEquals(List.of(), unnamed, page + ": controls without an accessible name");
            assertTrue(driver.findElements(By.cssSelector("[role=status][aria-live]")).size() > 0, page + ": a status region");
            Boolean fits = (Boolean) driver.executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth + 1;");
            assertTrue(fits, page + ": the page is wider than the window");
            assertEquals(List.of(), consoleErrors(), page + ": errors in the browser console");
        }

        /** The browser console's errors since the start. */
        List<String> consoleErrors() {
            for (org.openqa.selenium.logging.LogEntry e : driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)) {
                if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                    errors.add(e.getMessage());
                }
            }
            return List.copyOf(errors);
        }

        void saveScreenshot(String name) {
            try {
                Path dir = Path.of("target", "portal-screenshots");
                Files.createDirectories(dir);
                Files.write(dir.resolve(name), driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            driver.quit();
        }
    }
}
