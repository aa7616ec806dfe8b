package io.gio.spf.query;

import static java.util.Objects.requireNonNull;

import io.gio.spf.tenancy.Subscription;
import io.gio.spf.tenancy.SubscriptionState;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whose view of the VMM service a read or write runs in: the SPF administrator's (everything) or
 * one WAP subscription's (its cloud, its user role, what its plan allows, on its stamp). Every
 * {@link EntityReader} is bound to one scope, and every {@link SetMapping} says, as SQL, which of
 * its rows a subscription sees ({@link SetMapping#tenantVisibility()}); a set without such a rule
 * is empty for subscriptions.
 *
 * <p>Visibility SQL names the scope's values as tokens, bound as parameters by {@link #bind}:
 * {@code :scope_cloud}, {@code :scope_stamp}, {@code :scope_role}, {@code :scope_sub},
 * {@code :scope_plan}, {@code :scope_account}, {@code :scope_grant_id} and {@code :scope_grant_name}
 * (the JSON fragments a grant to the scope's role has in {@code granted_json}).
 */
public final class Scope {

    private static final Scope UNRESTRICTED = new Scope(null);
    private static final Pattern TOKEN = Pattern.compile(":scope_[a-z_]+");

    /** A subscription's binding, as the scope needs it. */
    public record Binding(UUID subscriptionId, UUID cloudId, UUID userRoleId, String userRoleName, UUID stampId,
            String accountName, UUID planId, SubscriptionState state) {
        public Binding {
            requireNonNull(subscriptionId, "subscriptionId is null");
            requireNonNull(cloudId, "cloudId is null");
            requireNonNull(userRoleId, "userRoleId is null");
            requireNonNull(userRoleName, "userRoleName is null");
            requireNonNull(stampId, "stampId is null");
            requireNonNull(accountName, "accountName is null");
            requireNonNull(planId, "planId is null");
            requireNonNull(state, "state is null");
        }
    }

    private final Binding binding;

    private Scope(Binding binding) {
        this.binding = binding;
    }

    /** The SPF administrator's scope: every row of every set. */
    public static Scope unrestricted() {
        return UNRESTRICTED;
    }

    /** A subscription's scope. */
    public static Scope subscription(Binding binding) {
        return new Scope(requireNonNull(binding, "binding is null"));
    }

    /** A stored subscription's scope. */
    public static Scope of(Subscription s) {
        return subscription(new Binding(s.id(), s.cloudId(), s.userRoleId(), s.userRoleName(), s.stampId(),
                s.accountName(), s.planId(), s.state()));
    }

    public boolean isUnrestricted() {
        return binding == null;
    }

    /** The subscription's binding; empty for the administrator. */
    public Optional<Binding> binding() {
        return Optional.ofNullable(binding);
    }

    /**
     * The condition that keeps a set's rows to those this scope sees (alias {@code t}); empty when
     * nothing is hidden. A set without a tenant rule shows a subscription nothing.
     */
    Optional<SqlFragment> condition(SetMapping m) {
        if (binding == null) {
            return Optional.empty();
        }
        return Optional.of(m.tenantVisibility().map(this::bind).orElseGet(() -> new SqlFragment().append("1 = 0")));
    }

    /** The SQL with each {@code :scope_*} token replaced by a parameter holding the scope's value. */
    SqlFragment bind(String sql) {
        SqlFragment out = new SqlFragment();
        Matcher mt = TOKEN.matcher(sql);
        int last = 0;
        while (mt.find()) {
            out.append(sql.substring(last, mt.start())).param(value(mt.group()));
            last = mt.end();
        }
        return out.append(sql.substring(last));
    }

    private Object value(String token) {
        return switch (token) {
            case ":scope_cloud" -> binding.cloudId();
            case ":scope_stamp" -> binding.stampId();
            case ":scope_role" -> binding.userRoleId();
            case ":scope_sub" -> binding.subscriptionId();
            case ":scope_plan" -> binding.planId();
            case ":scope_account" -> binding.accountName();
            case ":scope_grant_id" -> "\"RoleID\":\"" + binding.userRoleId() + "\"";
            case ":scope_grant_name" -> "\"RoleName\":\"" + binding.userRoleName().replace("\"", "\\\"") + "\"";
            default -> throw new IllegalArgumentException("unknown scope token " + token);
        };
    }

    @Override
    public String toString() {
        return binding == null ? "Scope[unrestricted]" : "Scope[subscription " + binding.subscriptionId() + "]";
    }
}
