package io.gio.spf.migration;

import io.gio.migration.Migration;
import io.gio.migration.MigrationEngine;
import io.gio.migration.MigrationListener;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the VMM side (jobs, the VMs listed) in line with each migration: told of every milestone
 * by the engine, and after every engine pass for what changed without one (progress, the target
 * VM starting). A migration that is final and whose jobs have ended is settled and no longer
 * looked at. After a restart, the first pass brings every unsettled migration in line, so a
 * milestone missed by a crash is caught up.
 */
final class MigrationMirror implements MigrationListener {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationMirror.class);

    private final MigrationFacts facts;
    private final MigrationJobs jobs;
    private final MigrationView view;
    /** The {@link Migration#updated()} each unsettled migration was last mirrored at. */
    private final Map<UUID, Instant> mirrored = new ConcurrentHashMap<>();

    MigrationMirror(MigrationFacts facts, MigrationJobs jobs, MigrationView view) {
        this.facts = facts;
        this.jobs = jobs;
        this.view = view;
    }

    @Override
    public void changed(Migration migration, Milestone milestone, String message) {
        try {
            facts.find(migration.id()).filter(f -> !f.settled()).ifPresent(f -> reconcile(f, migration));
        } catch (RuntimeException e) {
            LOG.warn("migration {}: cannot mirror {} into the VMM view; the next pass tries again", migration.id(),
                    milestone, e);
        }
    }

    /** Mirrors every unsettled migration that changed since it was last mirrored. */
    void sync(MigrationEngine engine) {
        List<MigrationFacts.Row> open = facts.unsettled();
        if (open.isEmpty()) {
            return;
        }
        Map<UUID, Migration> queue = engine.queue().stream().collect(Collectors.toMap(Migration::id, Function.identity()));
        for (MigrationFacts.Row f : open) {
            Optional<Migration> m = Optional.ofNullable(queue.get(f.id())).or(() -> engine.get(f.id()));
            if (m.isEmpty() || m.get().updated().equals(mirrored.get(f.id()))) {
                continue; // not (yet) scheduled by the engine, or nothing new
            }
            try {
                reconcile(f, m.get());
            } catch (RuntimeException e) {
                LOG.warn("migration {}: cannot mirror it into the VMM view; trying again", f.id(), e);
            }
        }
    }

    private synchronized void reconcile(MigrationFacts.Row stale, Migration m) {
        MigrationFacts.Row f = facts.find(m.id()).orElse(stale); // the latest command, if one came meanwhile
        if (f.settled()) {
            return;
        }
        view.sync(f, m);
        boolean jobsEnded = jobs.sync(f, m);
        if (m.state().isFinal() && jobsEnded) {
            facts.settle(m.id());
            mirrored.remove(m.id());
        } else {
            mirrored.put(m.id(), m.updated());
        }
    }
}
