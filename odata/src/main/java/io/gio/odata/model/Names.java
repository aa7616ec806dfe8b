package io.gio.odata.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

final class Names {
    private Names() {
    }

    static void requireUnique(List<String> names, String what) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException("duplicate " + what + ": " + n);
            }
        }
    }

    /** The namespace part of a qualified name (before the last dot), or "" when unqualified. */
    static String namespaceOf(String qualifiedName) {
        int dot = qualifiedName.lastIndexOf('.');
        return dot < 0 ? "" : qualifiedName.substring(0, dot);
    }

    /** The simple name part of a qualified name (after the last dot). */
    static String simpleNameOf(String qualifiedName) {
        return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    }
}
