package io.gio.spf.tenancy;

/** A plan's state; WAP's admin API codes it 0 Private, 1 Public, 2 Decommissioned. */
public enum PlanState {
    PRIVATE("Private", 0),
    PUBLIC("Public", 1),
    DECOMMISSIONED("Decommissioned", 2);

    private final String wireName;
    private final int code;

    PlanState(String wireName, int code) {
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

    static PlanState ofWireName(String s) {
        for (PlanState p : values()) {
            if (p.wireName.equals(s)) {
                return p;
            }
        }
        throw new IllegalStateException("unknown plan state in the store: " + s);
    }
}
