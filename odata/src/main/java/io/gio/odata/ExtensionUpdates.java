package io.gio.odata;

import io.gio.odata.EntityUpdates.Outcome;
import io.gio.spf.SpfAdapter;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.accounts.Principal;
import io.gio.spf.extension.Backups;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Writes to the {@code GIO} extension sets, shared by both dialects: backups (create, restore
 * with {@code VMBackupAction: "Restore"}, delete) and QoS settings (update).
 */
final class ExtensionUpdates {

    static final Set<String> SETS = Set.of("VMScreenshots", "VMBackups", "VirtualNetworkAdapterQoS",
            "VirtualHardDiskQoS");

    private final SpfAdapter adapter;
    private final Consumer<UUID> awaitJob;

    ExtensionUpdates(SpfAdapter adapter, Consumer<UUID> awaitJob) {
        this.adapter = adapter;
        this.awaitJob = awaitJob;
    }

    Outcome update(String set, Map<String, Object> key, Map<String, Object> changes, boolean async,
            Principal principal) {
        UUID id = (UUID) key.get("ID");
        UUID stamp = (UUID) key.get("StampId");
        switch (set) {
            case "VirtualNetworkAdapterQoS" -> {
                adapter.qos().changeNetwork(id, stamp, Values.int64(changes, "MaximumBandwidthMbps"),
                        Values.int64(changes, "MinimumBandwidthMbps"));
                return new Outcome(Optional.empty());
            }
            case "VirtualHardDiskQoS" -> {
                adapter.qos().changeStorage(id, stamp, Values.int64(changes, "MaximumIops"),
                        Values.int64(changes, "MinimumIops"));
                return new Outcome(Optional.empty());
            }
            case "VMBackups" -> {
                adapter.backups().status(id, stamp);
                Object action = changes.get("VMBackupAction");
                if (action == null) {
                    return new Outcome(Optional.empty());
                }
                if (!"Restore".equalsIgnoreCase(action.toString().trim())) {
                    throw SpfException.badRequest("The VMBackupAction value '" + action
                            + "' is not valid. Valid values: Restore.");
                }
                UUID job = adapter.backups().restore(id, stamp, principal.name());
                wait(job, async);
                return new Outcome(Optional.of(job));
            }
            default -> throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED,
                    "Entities of " + set + " cannot be updated.");
        }
    }

    Outcome create(String set, Map<String, Object> body, boolean async, Principal principal) {
        if (!set.equals("VMBackups")) {
            throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, "Entities cannot be created in " + set + ".");
        }
        Backups.Created c = adapter.backups().create(Values.requiredGuid(body, "VMId", "back up a virtual machine"),
                Values.requiredGuid(body, "StampId", "back up a virtual machine"), Values.text(body, "Name"),
                Values.text(body, "Description"), Values.integer(body, "RetentionDays"), principal.name());
        wait(c.jobId(), async);
        return new Outcome(Optional.of(c.jobId()), EntityUpdates.key(c.backupId(), c.stampId()));
    }

    Outcome delete(String set, Map<String, Object> key) {
        if (!set.equals("VMBackups")) {
            throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, "Entities of " + set + " cannot be deleted.");
        }
        adapter.backups().delete((UUID) key.get("ID"), (UUID) key.get("StampId"));
        return new Outcome(Optional.empty(), key);
    }

    private void wait(UUID job, boolean async) {
        if (!async) {
            awaitJob.accept(job);
        }
    }
}
