package io.gio.spf.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.TestFabric;
import io.gio.spf.query.EntityRow;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckpointsTest {

    TestFabric fabric;
    UUID vmId;
    UUID stampId;

    @BeforeEach
    void setUp() {
        fabric = new TestFabric(0);
        EntityRow vm = where("VirtualMachines", "Name", "app01").get(0);
        vmId = (UUID) vm.get("ID");
        stampId = (UUID) vm.get("StampId");
    }

    @AfterEach
    void tearDown() {
        fabric.close();
    }

    private List<EntityRow> where(String set, String prop, Object value) {
        return fabric.rows(set, prop, value);
    }

    private EntityRow checkpoint(UUID id) {
        List<EntityRow> rows = where("VMCheckPoints", "ID", id);
        assertEquals(1, rows.size(), "checkpoint " + id);
        return rows.get(0);
    }

    private String finish(UUID job) {
        for (int i = 0; i < 20; i++) {
            fabric.clock.advance(Duration.ofSeconds(10));
            fabric.adapter.jobRunner().tick();
        }
        return (String) where("Jobs", "ID", job).get(0).get("Status");
    }

    private Checkpoints.Created take(String name) {
        Checkpoints.Created c = fabric.adapter.checkpoints().create(vmId, stampId, name, Optional.empty(), "admin");
        assertEquals("Completed", finish(c.jobId()));
        return c;
    }

    @Test
    void aTreeThatRestoreKeepsAndDeleteReparents() {
        Checkpoints.Created first = take("before patching");
        Checkpoints.Created second = take("after patching");
        assertNull(checkpoint(first.checkpointId()).get("ParentCheckpointID"));
        assertEquals(first.checkpointId(), checkpoint(second.checkpointId()).get("ParentCheckpointID"));

        assertEquals("Completed", finish(fabric.adapter.checkpoints().restore(first.checkpointId(), stampId, "admin")));
        assertEquals(2, where("VMCheckPoints", "VMId", vmId).size(), "later checkpoints are kept");
        Checkpoints.Created branch = take("branch");
        assertEquals(first.checkpointId(), checkpoint(branch.checkpointId()).get("ParentCheckpointID"));

        assertEquals("Completed", finish(fabric.adapter.checkpoints().delete(first.checkpointId(), stampId, "admin")));
        assertEquals(2, where("VMCheckPoints", "VMId", vmId).size());
        assertNull(checkpoint(second.checkpointId()).get("ParentCheckpointID"));
        assertNull(checkpoint(branch.checkpointId()).get("ParentCheckpointID"));
    }

    @Test
    void aCheckpointBeingTakenCannotBeRestoredOrRemovedYet() {
        Checkpoints.Created c = fabric.adapter.checkpoints().create(vmId, stampId, "in progress", Optional.empty(), "admin");
        SpfException restore = assertThrows(SpfException.class,
                () -> fabric.adapter.checkpoints().restore(c.checkpointId(), stampId, "admin"));
        assertEquals(SpfErrorCode.CONFLICT, restore.code());
        assertTrue(restore.getMessage().contains("still being created"), restore.getMessage());
        assertEquals(SpfErrorCode.CONFLICT, assertThrows(SpfException.class,
                () -> fabric.adapter.checkpoints().delete(c.checkpointId(), stampId, "admin")).code());
        assertEquals("Completed", finish(c.jobId()));
        assertEquals("Completed", finish(fabric.adapter.checkpoints().restore(c.checkpointId(), stampId, "admin")));
    }

    @Test
    void unknownCheckpointsAndEmptyNamesAreRefused() {
        assertEquals(SpfErrorCode.NOT_FOUND, assertThrows(SpfException.class,
                () -> fabric.adapter.checkpoints().restore(UUID.randomUUID(), stampId, "admin")).code());
        assertEquals(SpfErrorCode.BAD_REQUEST, assertThrows(SpfException.class,
                () -> fabric.adapter.checkpoints().create(vmId, stampId, "  ", Optional.empty(), "admin")).code());
        assertEquals(0, where("VMCheckPoints", "VMId", vmId).size());
    }
}
