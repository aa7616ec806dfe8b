package io.gio.odata;

import io.gio.spf.SpfAdapter;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.query.Scope;
import io.gio.spf.tenancy.EffectiveQuota;

/**
 * The one check of a WAP plan's VM actions ({@code Start}, {@code Checkpoint}, {@code RemoteConnect},
 * ...) for a request in a subscription's {@link Scope}: a 403 naming the action when the plan (with
 * its add-ons) allows none of those asked for. The SPF administrator's unrestricted scope passes.
 */
final class PlanActionGate {

    private final SpfAdapter adapter;

    PlanActionGate(SpfAdapter adapter) {
        this.adapter = adapter;
    }

    /** What the scope's subscription may use and do. */
    EffectiveQuota quota(Scope scope) {
        return adapter.quotas().effective(scope.binding().orElseThrow().subscriptionId());
    }

    /** Requires one of {@code actions}; {@code what} says what it is needed for (unless it is the action itself). */
    void require(Scope scope, String what, String... actions) {
        if (scope.isUnrestricted()) {
            return;
        }
        EffectiveQuota q = quota(scope);
        for (String a : actions) {
            if (q.actions().contains(a)) {
                return;
            }
        }
        throw new SpfException(SpfErrorCode.FORBIDDEN, "The plan of subscription "
                + scope.binding().orElseThrow().subscriptionId() + " does not allow the action '"
                + String.join("' or '", actions) + "'" + (actions.length == 1 && what.equals(actions[0]) ? ""
                : " (needed to " + what + ")") + ".");
    }
}
