package io.gio.odata;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.Screenshot;
import io.gio.spf.SpfAdapter;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.EntityReader;
import io.gio.spf.query.EntityRow;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The content of named streams, shared by both dialects: a VM's console screenshot
 * ({@code VMScreenshots(..)/Image}, a PNG) and its VMConnect file ({@code VirtualMachines(..)/VMConnection},
 * the RDP file WAP's "Connect" hands to the Remote Desktop client). In a subscription's scope the
 * console needs the plan action {@code RemoteConnect} (403 naming it otherwise).
 */
public final class NamedStreams {

    /** Hyper-V's VMConnect port on the host. */
    static final int VMCONNECT_PORT = 2179;

    /** A stream's bytes and media type. */
    public record Content(String contentType, byte[] bytes) {
        public Content {
            requireNonNull(contentType, "contentType is null");
            requireNonNull(bytes, "bytes is null");
        }
    }

    private final SpfAdapter adapter;
    private final PlanActionGate actions;

    public NamedStreams(SpfAdapter adapter) {
        this.adapter = adapter;
        this.actions = new PlanActionGate(adapter);
    }

    /** The stream's content; the entity must be one {@code reader}'s scope sees. */
    public Content open(EntityReader reader, String entitySet, Map<String, Object> key, String property) {
        if (entitySet.equals("VMScreenshots") && property.equals("Image")) {
            reader.one(EntityQuery.byKey("VMScreenshots", key)).orElseThrow(
                    () -> SpfException.notFound("The VMScreenshots entity with key " + key + " was not found."));
            Screenshot s = adapter.screenshots().capture((UUID) key.get("VMId"), (UUID) key.get("StampId"));
            return new Content("image/png", s.png());
        }
        if (entitySet.equals("VirtualMachines") && property.equals("VMConnection")) {
            return vmConnection(reader, key);
        }
        throw SpfException.notFound("The stream " + property + " of " + entitySet + " has no content.");
    }

    /** A VM whose console the caller may open: its IDs, name and guest system. */
    public record ConsoleTarget(UUID vmId, UUID stampId, String name, String guestOs) {}

    /**
     * The VM of {@code key} when {@code reader}'s scope may open its console: it sees the VM (404
     * otherwise), its plan allows {@code RemoteConnect} (403) and the VM is running or paused (409).
     */
    public ConsoleTarget console(EntityReader reader, Map<String, Object> key) {
        EntityRow vm = connectable(reader, key);
        Object os = vm.get("OperatingSystem");
        return new ConsoleTarget((UUID) vm.get("ID"), (UUID) vm.get("StampId"), (String) vm.get("Name"),
                os == null ? "" : os.toString());
    }

    private EntityRow connectable(EntityReader reader, Map<String, Object> key) {
        EntityRow vm = reader.one(EntityQuery.byKey("VirtualMachines", key))
                .orElseThrow(() -> SpfException.notFound("The virtual machine " + key + " was not found."));
        actions.require(reader.scope(), "connect to the console of virtual machine " + vm.get("Name"), "RemoteConnect");
        if (!Boolean.TRUE.equals(vm.get("CanVMConnect"))) {
            throw new SpfException(SpfErrorCode.CONFLICT, "The virtual machine " + vm.get("Name") + " is "
                    + vm.get("StatusString") + "; its console can be reached only while it is running or paused.");
        }
        return vm;
    }

    private Content vmConnection(EntityReader reader, Map<String, Object> key) {
        EntityRow vm = connectable(reader, key);
        String rdp = "full address:s:" + vm.get("VMHostName") + ":" + VMCONNECT_PORT + "\r\n"
                + "pcb:s:" + vm.get("ID") + "\r\n"
                + "server port:i:" + VMCONNECT_PORT + "\r\n"
                + "negotiate security layer:i:0\r\n"
                + "prompt for credentials:i:1\r\n";
        return new Content("application/x-rdp", rdp.getBytes(StandardCharsets.UTF_8));
    }
}
