package io.gio.cluster.spi;

/**
 * Offered by simulated fabrics only: puts VMs on the fabric as if they had always been there,
 * already in a given state. Used for demo data and scale tests; a real driver does not offer it.
 */
public interface FabricSeeding {

    /**
     * Adds the VMs at once, without an operation. Each VM's disks must name their volume.
     * Idempotent per VM ID: a VM that exists is left as it is. Returns the VMs as the fabric now
     * has them (disks placed, NICs addressed), in no particular order.
     */
    java.util.List<FabricVm> seedVms(java.util.List<SeededVm> vms);

    /** A VM to seed and the stable power state it is in. */
    record SeededVm(VmSpec spec, java.util.UUID hostId, PowerState state) {
        public SeededVm {
            java.util.Objects.requireNonNull(spec, "spec is null");
            java.util.Objects.requireNonNull(hostId, "hostId is null");
            java.util.Objects.requireNonNull(state, "state is null");
            if (state.isTransitional()) {
                throw new IllegalArgumentException("a seeded VM must be in a stable state, not " + state);
            }
        }
    }
}
