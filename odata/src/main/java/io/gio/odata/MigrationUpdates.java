package io.gio.odata;

import io.gio.odata.EntityUpdates.Outcome;
import io.gio.spf.SpfAdapter;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.accounts.Principal;
import io.gio.spf.migration.MigrationInput;
import io.gio.spf.migration.Migrations;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.Scope;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes to {@code GIO.Migrations}, shared by both dialects: POST schedules a migration, an update
 * whose {@code Operation} is {@code Cutover}, {@code Cancel}, {@code Rollback} or {@code Commit}
 * commands it; migrations and their events are never deleted (405). Requests never wait for the
 * migration: its job ({@code x-ms-request-id}) shows how it goes.
 *
 * <p>Also the one check that a write to a VM (power, hardware, delete, checkpoints, backup
 * restores, network adapters) leaves alone a VM a migration holds ({@link Migrations#requireNotHeld}).
 */
final class MigrationUpdates {

    static final Set<String> SETS = Set.of("Migrations", "MigrationEvents");

    /** VM properties that change the VM on the fabric (a rename only changes VMM's view, and is allowed). */
    private static final Set<String> HARDWARE = Set.of("CPUCount", "Memory", "DynamicMemoryEnabled",
            "DynamicMemoryMinimumMB", "DynamicMemoryMaximumMB", "HardwareProfileId");
    private static final Pattern MS_DATE = Pattern.compile("/Date\\((-?\\d+)(?:[+-]\\d{4})?\\)/");

    private final SpfAdapter adapter;

    MigrationUpdates(SpfAdapter adapter) {
        this.adapter = adapter;
    }

    Outcome create(String set, Map<String, Object> body, Principal principal, Scope scope) {
        if (!set.equals("Migrations")) {
            throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, "Entities cannot be created in " + set + ".");
        }
        String purpose = "migrate a virtual machine";
        MigrationInput in = new MigrationInput(Values.requiredGuid(body, "VMId", purpose),
                Values.requiredGuid(body, "StampId", purpose), Values.optionalGuid(body, "TargetCloudId"),
                Values.text(body, "Strategy"),
                Optional.ofNullable(body.get("ConvertToVhdx")).map(v -> Values.bool(body, "ConvertToVhdx")),
                Values.integer(body, "TargetCPUCount"), Values.integer(body, "TargetMemoryMB"),
                Values.optionalGuid(body, "TargetVolume"), instant(body, "NotBefore"), Values.text(body, "CutoverMode"));
        Migrations.Scheduled s = adapter.migrations().schedule(in, scope, principal.name());
        return new Outcome(Optional.of(s.jobId()), EntityUpdates.key(s.migrationId(), s.stampId()));
    }

    Outcome update(String set, Map<String, Object> key, Map<String, Object> changes, Principal principal, Scope scope) {
        if (!set.equals("Migrations")) {
            throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, "Entities of " + set + " cannot be updated.");
        }
        UUID id = (UUID) key.get("ID");
        UUID stamp = (UUID) key.get("StampId");
        Object op = changes.get("Operation");
        if (op == null) {
            // Nothing of a migration is writable but its command: read it, so that a missing one is a 404.
            adapter.reader(scope).one(EntityQuery.byKey(set, key)).orElseThrow(() -> SpfException.notFound(
                    "The migration " + id + " on stamp " + stamp + " was not found."));
            return new Outcome(Optional.empty());
        }
        return new Outcome(Optional.of(adapter.migrations().command(id, stamp, op.toString(), scope, principal.name())));
    }

    Outcome delete(String set) {
        throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, set.equals("Migrations")
                ? "Migrations are not deleted: update one with Operation Cancel (before its cut-over), Rollback or"
                        + " Commit (once Completed)."
                : "Entities of " + set + " cannot be deleted.");
    }

    /** Refuses a write that would change a VM a migration holds (409 naming the migration). */
    void requireVmNotHeld(String set, Map<String, Object> key, Map<String, Object> body, Write write) {
        switch (set) {
            case "VirtualMachines" -> {
                if (write == Write.CREATE) {
                    return;
                }
                if (write == Write.DELETE) {
                    held((UUID) key.get("ID"), "deleted");
                } else if (body.get("Operation") != null) {
                    held((UUID) key.get("ID"), "given the Operation " + body.get("Operation"));
                } else if (reconfigures(key, body)) {
                    held((UUID) key.get("ID"), "reconfigured");
                }
            }
            case "VMCheckPoints" -> {
                if (write == Write.CREATE) {
                    Values.optionalGuid(body, "VMId").ifPresent(vm -> held(vm, "checkpointed"));
                } else if (write == Write.DELETE || body.get("VMCheckPointAction") != null) {
                    partOf(set, key).ifPresent(vm -> held(vm, write == Write.DELETE ? "changed (deleting a checkpoint)"
                            : "restored to a checkpoint"));
                }
            }
            case "VMBackups" -> {
                if (write == Write.UPDATE && body.get("VMBackupAction") != null) {
                    partOf(set, key).ifPresent(vm -> held(vm, "restored from a backup"));
                }
            }
            case "VirtualDiskDrives" -> {
                if (write == Write.UPDATE) {
                    partOf(set, key).ifPresent(vm -> held(vm, "given a grown disk"));
                }
            }
            case "VirtualNetworkAdapters" -> {
                Optional<UUID> vm = write == Write.CREATE ? Values.optionalGuid(body, "VMId") : partOf(set, key);
                vm.ifPresent(v -> held(v, "given a changed network adapter"));
            }
            default -> {
                // other writes do not change a VM
            }
        }
    }

    enum Write { CREATE, UPDATE, DELETE }

    /** Whether an update gives a hardware setting other than the VM's (clients often send the whole VM back). */
    private boolean reconfigures(Map<String, Object> key, Map<String, Object> body) {
        if (body.keySet().stream().noneMatch(HARDWARE::contains)) {
            return false;
        }
        Optional<io.gio.spf.query.EntityRow> vm = adapter.reader(Scope.unrestricted())
                .one(EntityQuery.byKey("VirtualMachines", key));
        return vm.isPresent() && HARDWARE.stream().filter(body::containsKey).anyMatch(p -> {
            Object current = vm.get().get(p);
            Object given = body.get(p);
            if (current == null) {
                return true;
            }
            return given instanceof Number g && current instanceof Number c ? g.longValue() != c.longValue()
                    : !given.toString().equalsIgnoreCase(current.toString());
        });
    }

    private void held(UUID vmId, String what) {
        adapter.migrations().requireNotHeld(vmId, what);
    }

    /** The VM a part (checkpoint, backup, adapter) belongs to; empty when the part does not exist. */
    private Optional<UUID> partOf(String set, Map<String, Object> key) {
        return adapter.reader(Scope.unrestricted()).one(EntityQuery.byKey(set, key))
                .map(r -> r.get("VMId")).filter(UUID.class::isInstance).map(UUID.class::cast);
    }

    /**
     * A date and time as either dialect sends it: an OData 4 value, ISO 8601 with or without an
     * offset (none means UTC), or WCF's {@code /Date(ms)/}.
     */
    static Optional<Instant> instant(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Instant i) {
            return Optional.of(i);
        }
        if (v instanceof java.util.Date d) {
            return Optional.of(d.toInstant());
        }
        if (v instanceof java.util.Calendar c) {
            return Optional.of(c.toInstant());
        }
        if (v instanceof TemporalAccessor t && !(v instanceof LocalDateTime)) {
            return Optional.of(Instant.from(t));
        }
        String s = v.toString().trim();
        Matcher ms = MS_DATE.matcher(s);
        if (ms.matches()) {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(ms.group(1))));
        }
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(LocalDateTime.parse(s).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException again) {
                throw SpfException.badRequest(name + " is not a date and time: '" + v + "' (use ISO 8601, e.g."
                        + " 2026-01-05T22:00:00Z).");
            }
        }
    }
}
