package io.gio.spf.tenancy;

/** A subscription's state; WAP's admin and tenant APIs code it 1 Active, 2 Suspended, 3 Deleting. */
public enum SubscriptionState {
    ACTIVE("Active", 1),
    SUSPENDED("Suspended", 2),
    DELETING("Deleting", 3);

    private final String wireName;
    private final int code;

    SubscriptionState(String wireName, int code) {
        this.wireName = wireName;
        this.code = code;
    }

    public String wireName() {
        return wireName;
    }

    /** WAP's numeric code. */
    public int code() {
        return code;
    }

    static SubscriptionState ofWireName(String s) {
        for (SubscriptionState p : values()) {
            if (p.wireName.equals(s)) {
                return p;
            }
        }
        throw new IllegalStateException("unknown subscription state in the store: " + s);
    }
}
