package io.gio.spf.tenancy;

/** What an add-on is: a pack (unlocks templates, adds quota) or the paid backup option. */
public enum AddOnKind {
    PACK("Pack"),
    BACKUP("Backup");

    private final String wireName;

    AddOnKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    static AddOnKind ofWireName(String s) {
        for (AddOnKind k : values()) {
            if (k.wireName.equals(s)) {
                return k;
            }
        }
        throw new IllegalStateException("unknown add-on kind in the store: " + s);
    }
}
