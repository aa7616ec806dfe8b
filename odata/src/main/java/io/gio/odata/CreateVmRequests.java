package io.gio.odata;

import io.gio.spf.SpfException;
import io.gio.spf.vm.CreateVmRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Reads a POST {@code VirtualMachines} body (already reduced to its non-null properties) into a
 * {@link CreateVmRequest}. Values may come as JSON types or as strings (OData 3 sends Int64 and
 * GUIDs as strings; some clients quote every value).
 */
final class CreateVmRequests {
    private CreateVmRequests() {}

    static CreateVmRequest from(Map<String, Object> body) {
        List<CreateVmRequest.NetworkRef> networks = new ArrayList<>();
        Object adapters = body.get("NewVirtualNetworkAdapterInput");
        if (adapters instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> m) {
                    Optional<UUID> id = Optional.ofNullable(m.get("VMNetworkId")).map(v -> guid("VMNetworkId", v));
                    Optional<String> name = Optional.ofNullable(m.get("VMNetworkName")).map(Object::toString);
                    if (id.isPresent() || name.isPresent()) {
                        networks.add(new CreateVmRequest.NetworkRef(id, name));
                    }
                }
            }
        } else if (adapters != null) {
            throw SpfException.badRequest("NewVirtualNetworkAdapterInput must be a collection of VMM.NewVMVirtualNetworkAdapterInput.");
        }
        return new CreateVmRequest(
                requiredGuid(body, "StampId"),
                requiredGuid(body, "CloudId"),
                Optional.ofNullable(body.get("Name")).map(Object::toString)
                        .orElseThrow(() -> SpfException.badRequest("Name is required to create a virtual machine.")),
                text(body, "ComputerName"),
                text(body, "Description"),
                optionalGuid(body, "VMTemplateId"),
                optionalGuid(body, "VirtualHardDiskId"),
                optionalGuid(body, "HardwareProfileId"),
                integer(body, "CPUCount"),
                integer(body, "Memory"),
                networks,
                bool(body, "StartVM"));
    }

    private static UUID requiredGuid(Map<String, Object> body, String name) {
        return optionalGuid(body, name).orElseThrow(() ->
                SpfException.badRequest(name + " is required to create a virtual machine."));
    }

    private static Optional<UUID> optionalGuid(Map<String, Object> body, String name) {
        return Optional.ofNullable(body.get(name)).map(v -> guid(name, v));
    }

    private static UUID guid(String name, Object v) {
        if (v instanceof UUID u) {
            return u;
        }
        try {
            return UUID.fromString(v.toString().trim());
        } catch (IllegalArgumentException e) {
            throw SpfException.badRequest(name + " is not a GUID: '" + v + "'.");
        }
    }

    private static Optional<String> text(Map<String, Object> body, String name) {
        return Optional.ofNullable(body.get(name)).map(Object::toString);
    }

    private static OptionalInt integer(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(v instanceof Number n ? Math.toIntExact(n.longValue()) : Integer.parseInt(v.toString().trim()));
        } catch (NumberFormatException | ArithmeticException e) {
            throw SpfException.badRequest(name + " is not a whole number: '" + v + "'.");
        }
    }

    private static boolean bool(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw SpfException.badRequest(name + " must be true or false, not '" + v + "'.");
    }
}
