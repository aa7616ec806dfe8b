package io.gio.odata.v3;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates OData 3 {@code $expand} and {@code $select} together: {@code $expand=A/B} becomes
 * {@code A($expand=B)}, and a {@code $select} item {@code A/x} becomes {@code $select=A} plus
 * {@code A($select=x)} (OData 3 requires {@code A} to be expanded for that).
 */
final class V3ExpandTranslator {
    private static final Pattern NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*");

    record Result(Optional<String> expand, Optional<String> select) {
    }

    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        final Set<String> selects = new LinkedHashSet<>();
    }

    private V3ExpandTranslator() {
    }

    static Result translate(Optional<String> expand, Optional<String> select) throws V3SyntaxException {
        Node root = new Node();
        if (expand.isPresent()) {
            for (String item : items(expand.get(), "$expand")) {
                Node node = root;
                for (String segment : segments(item, "$expand")) {
                    node = node.children.computeIfAbsent(segment, s -> new Node());
                }
            }
        }
        if (select.isPresent()) {
            for (String item : items(select.get(), "$select")) {
                List<String> path = segments(item, "$select");
                Node node = root;
                for (int i = 0; i < path.size(); i++) {
                    node.selects.add(path.get(i));
                    if (i < path.size() - 1) {
                        node = node.children.get(path.get(i));
                        if (node == null) {
                            throw new V3SyntaxException("$select item '" + item + "' navigates through '"
                                    + String.join("/", path.subList(0, i + 1)) + "', which is not in $expand");
                        }
                    }
                }
            }
        }
        Optional<String> expandOut = root.children.isEmpty()
                ? Optional.empty() : Optional.of(render(root.children));
        Optional<String> selectOut = root.selects.isEmpty()
                ? Optional.empty() : Optional.of(String.join(",", root.selects));
        return new Result(expandOut, selectOut);
    }

    private static String render(Map<String, Node> nodes) {
        List<String> parts = new ArrayList<>();
        nodes.forEach((name, node) -> {
            List<String> options = new ArrayList<>();
            if (!node.selects.isEmpty()) {
                options.add("$select=" + String.join(",", node.selects));
            }
            if (!node.children.isEmpty()) {
                options.add("$expand=" + render(node.children));
            }
            parts.add(options.isEmpty() ? name : name + "(" + String.join(";", options) + ")");
        });
        return String.join(",", parts);
    }

    private static List<String> items(String value, String option) throws V3SyntaxException {
        List<String> result = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                throw new V3SyntaxException("Empty item in " + option + "=" + value);
            }
            result.add(trimmed);
        }
        return result;
    }

    private static List<String> segments(String item, String option) throws V3SyntaxException {
        List<String> result = new ArrayList<>();
        String[] parts = item.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String segment = parts[i].trim();
            boolean star = segment.equals("*") && option.equals("$select") && i == parts.length - 1;
            if (!star && !NAME.matcher(segment).matches()) {
                throw new V3SyntaxException("Invalid " + option + " item '" + item
                        + "': expected navigation" + (option.equals("$select") ? " or property" : "")
                        + " names separated by '/'" + (segment.contains(".") ? " (type casts are not supported)" : ""));
            }
            result.add(segment);
        }
        return result;
    }
}
