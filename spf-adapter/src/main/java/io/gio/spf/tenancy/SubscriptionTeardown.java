package io.gio.spf.tenancy;

import static io.gio.spf.store.SpfStore.utc;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The store's side of deleting a subscription as WAP does it: the subscription is marked
 * {@code Deleting} at once (readable, nothing can change or be created in it), its VMs are removed
 * by {@code io.gio.spf.lifecycle.SubscriptionRemoval}, and once its cloud holds no VM the
 * subscription itself goes: its row (with its add-ons, quotas and reservations), the links of a
 * predecessor to it, the cloud made for it (a cloud it was given is kept, no longer bound to the
 * user role) and its user role when nothing else uses that role.
 */
public final class SubscriptionTeardown {

    private final Jdbi jdbi;
    private final Clock clock;

    public SubscriptionTeardown(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Marks a subscription as being deleted (again: a retry), clearing its last error; a 404 when there is none. */
    public Subscription begin(UUID id) {
        return jdbi.inTransaction(h -> {
            Subscriptions.lock(h, id);
            h.createUpdate("UPDATE gio_subscription SET state = :st, last_error = NULL, modified = :now WHERE id = :id")
                    .bind("st", SubscriptionState.DELETING.wireName()).bind("now", utc(clock.instant()))
                    .bind("id", id).execute();
            return Subscriptions.find(h, id).orElseThrow();
        });
    }

    /** The subscriptions being deleted, oldest first. */
    public List<Subscription> deleting() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM gio_subscription WHERE state = :st ORDER BY created, id")
                .bind("st", SubscriptionState.DELETING.wireName()).mapTo(UUID.class).list().stream()
                .map(id -> Subscriptions.find(h, id)).flatMap(Optional::stream).toList());
    }

    /** Why the removal of a subscription being deleted is stuck (WAP's {@code LastErrorMessage}), if it is. */
    public Optional<String> lastError(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT last_error FROM gio_subscription WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne());
    }

    /** Records why the removal is stuck; a repeated delete request clears it and tries again. */
    public void recordError(UUID id, String message) {
        String m = message.length() > 4000 ? message.substring(0, 4000) : message;
        jdbi.useHandle(h -> h.createUpdate("UPDATE gio_subscription SET last_error = :m WHERE id = :id AND state = :st")
                .bind("m", m).bind("id", id).bind("st", SubscriptionState.DELETING.wireName()).execute());
    }

    /** The VM networks a subscription's user role owns (its own networks; they go with it). */
    public List<UUID> ownedNetworks(Subscription s) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM vmm_vm_network WHERE owner_role_id = :r"
                        + " AND stamp_id = :stamp ORDER BY id")
                .bind("r", s.userRoleId()).bind("stamp", s.stampId()).mapTo(UUID.class).list());
    }

    /**
     * Removes a subscription being deleted, once its cloud holds no VM: returns true when it is gone
     * (also when it was gone already), false while a VM is in its cloud or it is not being deleted.
     * Runs in one transaction that locks the subscription's row, as quota reservations do, so no VM
     * can be created in its cloud meanwhile.
     */
    public boolean finish(UUID id) {
        return jdbi.inTransaction(h -> {
            Subscription s;
            try {
                s = Subscriptions.lock(h, id);
            } catch (SpfException e) {
                if (e.code() == SpfErrorCode.NOT_FOUND) {
                    return true;
                }
                throw e;
            }
            if (s.state() != SubscriptionState.DELETING || vmCount(h, s.cloudId()) > 0) {
                return false;
            }
            h.createUpdate("UPDATE gio_subscription SET successor_subscription_id = NULL"
                    + " WHERE successor_subscription_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM gio_subscription WHERE id = :id").bind("id", id).execute();
            if (s.cloudId().equals(Subscriptions.derivedId("cloud", id))) {
                h.createUpdate("DELETE FROM vmm_cloud WHERE id = :c").bind("c", s.cloudId()).execute();
            } else {
                h.createUpdate("UPDATE vmm_cloud SET user_role_id = NULL, modified = :now WHERE id = :c"
                                + " AND user_role_id = :r")
                        .bind("now", utc(clock.instant())).bind("c", s.cloudId()).bind("r", s.userRoleId()).execute();
            }
            removeRoleIfUnused(h, s.userRoleId());
            return true;
        });
    }

    private static long vmCount(Handle h, UUID cloudId) {
        return h.createQuery("SELECT COUNT(*) FROM vmm_vm WHERE cloud_id = :c").bind("c", cloudId).mapTo(Long.class).one();
    }

    /** Deletes the user role unless another subscription or cloud still uses it; what it owned keeps no owner. */
    private static void removeRoleIfUnused(Handle h, UUID roleId) {
        long users = h.createQuery("SELECT (SELECT COUNT(*) FROM gio_subscription WHERE user_role_id = :r)"
                        + " + (SELECT COUNT(*) FROM vmm_cloud WHERE user_role_id = :r)")
                .bind("r", roleId).mapTo(Long.class).one();
        if (users > 0) {
            return;
        }
        h.createUpdate("UPDATE vmm_vm_network SET owner_role = NULL, owner_role_id = NULL WHERE owner_role_id = :r")
                .bind("r", roleId).execute();
        h.createUpdate("DELETE FROM vmm_user_role WHERE id = :r").bind("r", roleId).execute();
    }
}
