package io.gio.spf.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.TestFabric;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.EntityRow;
import io.gio.spf.query.Expr;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VmCommandsTest {

    TestFabric fabric;

    @BeforeEach
    void setUp() {
        fabric = new TestFabric(0);
    }

    @AfterEach
    void tearDown() {
        fabric.close();
    }

    private EntityRow vm(String name) {
        return fabric.adapter.reader(io.gio.spf.query.Scope.unrestricted()).list(EntityQuery.all("VirtualMachines").withFilter(
                new Expr.Binary(Expr.BinaryOp.EQ, Expr.Prop.of("Name"), new Expr.Literal(name)))).get(0);
    }

    private EntityRow job(UUID id) {
        return fabric.adapter.reader(io.gio.spf.query.Scope.unrestricted()).list(EntityQuery.all("Jobs").withFilter(
                new Expr.Binary(Expr.BinaryOp.EQ, Expr.Prop.of("ID"), new Expr.Literal(id)))).get(0);
    }

    /**
     * The job runner may end a command's job the moment it is attached: the state the command
     * writes as the operation starts must not land after that and put back a stale one.
     */
    @Test
    void aJobEndedAtOnceByTheRunnerKeepsTheStateItEndedWith() {
        fabric.close();
        java.util.concurrent.atomic.AtomicReference<TestFabric> self = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        fabric = new TestFabric(0, real -> (io.gio.cluster.spi.ClusterDriver) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {io.gio.cluster.spi.ClusterDriver.class}, (proxy, method, args) -> {
                    Object out = invoke(method, real, args);
                    if (method.getName().equals("vm") && armed.compareAndSet(true, false)) {
                        self.get().clock.advance(Duration.ofMinutes(2)); // the runner, right now, sees the stop done
                        self.get().adapter.jobRunner().tick();
                    }
                    return out; // read before the runner ran: the VM still stopping
                }));
        self.set(fabric);
        EntityRow web = vm("web01");
        assertEquals("Running", web.get("Status"));
        armed.set(true);
        UUID jobId = fabric.adapter.vmCommands().power((UUID) web.get("ID"), (UUID) web.get("StampId"),
                VmOperation.STOP, "admin");
        fabric.adapter.jobRunner().tick();
        assertEquals("Completed", job(jobId).get("Status"));
        assertEquals("PowerOff", vm("web01").get("Status"), "not the Stopping read before the job ended");
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void startRunsAsAJobThatFollowsTheClock() {
        EntityRow app = vm("app01");
        assertEquals("PowerOff", app.get("Status"));
        UUID jobId = fabric.adapter.vmCommands().power((UUID) app.get("ID"), (UUID) app.get("StampId"),
                VmOperation.START, "admin");
        assertEquals("Starting", vm("app01").get("Status"));
        assertEquals(jobId, vm("app01").get("MostRecentTaskId"));
        EntityRow running = job(jobId);
        assertEquals("Running", running.get("Status"));
        assertEquals(false, running.get("IsCompleted"));

        fabric.clock.advance(Duration.ofSeconds(15));
        fabric.adapter.jobRunner().tick();
        int half = (Integer) job(jobId).get("ProgressValue");
        assertTrue(half > 20 && half < 80, "progress " + half);

        fabric.clock.advance(Duration.ofSeconds(30));
        fabric.adapter.jobRunner().tick();
        EntityRow done = job(jobId);
        assertEquals("Completed", done.get("Status"));
        assertEquals(true, done.get("IsCompleted"));
        assertEquals(100, done.get("ProgressValue"));
        assertEquals("100 %", done.get("Progress"));
        assertEquals("Running", vm("app01").get("Status"));
        assertTrue(fabric.adapter.jobRunner().completion(jobId).isDone());
    }

    @Test
    void aStateTheVmCannotLeaveFailsTheJobWithErrorInfo() {
        EntityRow web = vm("web01");
        UUID jobId = fabric.adapter.vmCommands().power((UUID) web.get("ID"), (UUID) web.get("StampId"),
                VmOperation.RESUME, "admin");
        EntityRow job = job(jobId);
        assertEquals("Failed", job.get("Status"));
        assertEquals(true, job.get("IsCompleted"));
        @SuppressWarnings("unchecked")
        Map<String, Object> err = (Map<String, Object>) job.get("ErrorInfo");
        assertEquals("INVALID_STATE", err.get("ErrorCodeString"));
        assertTrue(((String) err.get("ExceptionDetails")).contains("RUNNING"), err.toString());
        assertEquals("Running", vm("web01").get("Status"));
        assertEquals(jobId, vm("web01").get("FailedJobID"));
    }

    @Test
    void unknownVmIsNotFound() {
        SpfException e = assertThrows(SpfException.class, () -> fabric.adapter.vmCommands()
                .power(UUID.randomUUID(), UUID.randomUUID(), VmOperation.START, "admin"));
        assertEquals(SpfErrorCode.NOT_FOUND, e.code());
    }

    @Test
    void operationNamesAreSpfs() {
        assertEquals(VmOperation.STOP, VmOperation.parse("Stop"));
        assertEquals(VmOperation.SUSPEND, VmOperation.parse("suspend"));
        assertEquals(VmOperation.REBOOT, VmOperation.parse("Reboot"));
        SpfException e = assertThrows(SpfException.class, () -> VmOperation.parse("Explode"));
        assertTrue(e.getMessage().contains("Start, Stop, Shutdown, Reset, Reboot, Suspend, Resume"), e.getMessage());
    }
}
