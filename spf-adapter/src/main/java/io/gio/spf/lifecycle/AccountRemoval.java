package io.gio.spf.lifecycle;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.accounts.Directory;
import io.gio.spf.accounts.UserState;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Deletes user accounts as WAP's admin API does ({@code DELETE /users/{name}}): a user without
 * subscriptions goes at once; one with subscriptions only when they are to be deleted too
 * ({@code deleteSubscriptions}): the account becomes {@code DeletePending} (it can no longer sign
 * in), each subscription is deleted by {@link SubscriptionRemoval} with its VMs, and the account goes
 * with the last of them.
 */
public final class AccountRemoval {

    /** Whether the account is gone already or goes once its subscriptions are deleted. */
    public enum Outcome { REMOVED, PENDING }

    private final Directory directory;
    private final SubscriptionRemoval subscriptions;

    public AccountRemoval(Directory directory, SubscriptionRemoval subscriptions) {
        this.directory = directory;
        this.subscriptions = subscriptions;
    }

    /**
     * @throws SpfException NOT_FOUND for an unknown user; BAD_REQUEST for the administrator; CONFLICT,
     *     naming them, when the user holds subscriptions and {@code deleteSubscriptions} is false
     */
    public Outcome delete(String name, boolean deleteSubscriptions) {
        Directory.User u = directory.user(name)
                .orElseThrow(() -> SpfException.notFound("There is no user '" + name + "'."));
        List<UUID> held = directory.subscriptionsOf(name);
        if (!held.isEmpty() && !deleteSubscriptions && u.state() != UserState.DELETE_PENDING) {
            throw new SpfException(SpfErrorCode.CONFLICT, "User '" + name + "' holds " + held.size()
                    + " subscription(s) (" + held.stream().map(UUID::toString).collect(Collectors.joining(", "))
                    + "); delete them first, or ask for deleteSubscriptions=true to delete them with their"
                    + " virtual machines.");
        }
        directory.markDeletePending(name);
        for (UUID s : held) {
            subscriptions.request(s);
        }
        return directory.removeIfUnused(name) ? Outcome.REMOVED : Outcome.PENDING;
    }
}
