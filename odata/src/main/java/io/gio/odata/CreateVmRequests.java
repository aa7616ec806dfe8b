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
                    Optional<UUID> id = Optional.ofNullable(m.get("VMNetworkId")).map(v -> Values.guid("VMNetworkId", v));
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
                Values.requiredGuid(body, "StampId", "create a virtual machine"),
                Values.requiredGuid(body, "CloudId", "create a virtual machine"),
                Values.requiredText(body, "Name", "create a virtual machine"),
                Values.text(body, "ComputerName"),
                Values.text(body, "Description"),
                Values.optionalGuid(body, "VMTemplateId"),
                Values.optionalGuid(body, "VirtualHardDiskId"),
                Values.optionalGuid(body, "HardwareProfileId"),
                Values.integer(body, "CPUCount"),
                Values.integer(body, "Memory"),
                networks,
                Values.bool(body, "StartVM"));
    }

}
