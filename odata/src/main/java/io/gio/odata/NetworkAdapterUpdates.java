package io.gio.odata;

import io.gio.odata.EntityUpdates.Outcome;
import io.gio.spf.SpfAdapter;
import io.gio.spf.SpfException;
import io.gio.spf.accounts.Principal;
import io.gio.spf.vm.CreateVmRequest;
import io.gio.spf.vm.NetworkAdapters;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Writes to {@code VirtualNetworkAdapters}, shared by both dialects, each a job on the adapter's
 * VM: POST adds an adapter ({@code VMId}, {@code StampId}, {@code VMNetworkId} or
 * {@code VMNetworkName}, optionally {@code MACAddressType} and {@code MACAddress}); PUT, MERGE and
 * PATCH connect it to another VM network; DELETE removes it.
 */
final class NetworkAdapterUpdates {

    static final String SET = "VirtualNetworkAdapters";

    private final SpfAdapter adapter;
    private final Consumer<UUID> awaitJob;

    NetworkAdapterUpdates(SpfAdapter adapter, Consumer<UUID> awaitJob) {
        this.adapter = adapter;
        this.awaitJob = awaitJob;
    }

    Outcome create(Map<String, Object> body, boolean async, Principal principal) {
        String purpose = "add a virtual network adapter";
        CreateVmRequest.NetworkRef network = network(body).orElseThrow(() -> SpfException.badRequest(
                "VMNetworkId or VMNetworkName is required to " + purpose + "."));
        NetworkAdapters.Added added = adapter.networkAdapters().add(Values.requiredGuid(body, "VMId", purpose),
                Values.requiredGuid(body, "StampId", purpose), network, Values.text(body, "MACAddressType"),
                Values.text(body, "MACAddress"), principal.name());
        wait(added.jobId(), async);
        return new Outcome(Optional.of(added.jobId()), EntityUpdates.key(added.nicId(), added.stampId()));
    }

    Outcome update(Map<String, Object> key, Map<String, Object> changes, boolean async, Principal principal) {
        Optional<UUID> job = adapter.networkAdapters().update((UUID) key.get("ID"), (UUID) key.get("StampId"),
                network(changes), Values.text(changes, "MACAddressType"), Values.text(changes, "MACAddress"),
                principal.name());
        job.ifPresent(j -> wait(j, async));
        return new Outcome(job);
    }

    Outcome delete(Map<String, Object> key, boolean async, Principal principal) {
        UUID job = adapter.networkAdapters().remove((UUID) key.get("ID"), (UUID) key.get("StampId"), principal.name());
        wait(job, async);
        return new Outcome(Optional.of(job), key);
    }

    /** The VM network a body names, by ID (which wins) or by name. */
    private static Optional<CreateVmRequest.NetworkRef> network(Map<String, Object> body) {
        Optional<UUID> id = Values.optionalGuid(body, "VMNetworkId");
        Optional<String> name = Values.text(body, "VMNetworkName").map(String::trim).filter(n -> !n.isEmpty());
        if (id.isEmpty() && name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CreateVmRequest.NetworkRef(id, name));
    }

    private void wait(UUID job, boolean async) {
        if (!async) {
            awaitJob.accept(job);
        }
    }
}
