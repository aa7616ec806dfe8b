package io.gio.migration;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Settings as name/value rows of mig_setting. */
final class SettingsCodec {

    private static final String LINK = "linkBudget.";

    private SettingsCodec() {
    }

    static Map<String, String> encode(MigrationSettings s) {
        Map<String, String> out = new HashMap<>();
        out.put("maxPerSourceVolume", Integer.toString(s.maxPerSourceVolume()));
        out.put("maxPerLink", Integer.toString(s.maxPerLink()));
        out.put("retention", s.retention().toString());
        s.linkBudgets().forEach((id, bps) -> out.put(LINK + id, Long.toString(bps)));
        return out;
    }

    static MigrationSettings decode(Map<String, String> rows) {
        MigrationSettings d = MigrationSettings.defaults();
        Map<UUID, Long> budgets = new HashMap<>();
        rows.forEach((k, v) -> {
            if (k.startsWith(LINK)) {
                budgets.put(UUID.fromString(k.substring(LINK.length())), Long.parseLong(v));
            }
        });
        return new MigrationSettings(budgets,
                Integer.parseInt(rows.getOrDefault("maxPerSourceVolume", Integer.toString(d.maxPerSourceVolume()))),
                Integer.parseInt(rows.getOrDefault("maxPerLink", Integer.toString(d.maxPerLink()))),
                Duration.parse(rows.getOrDefault("retention", d.retention().toString())));
    }
}
