package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.NicSpec;
import java.util.List;

/** A VM about to be written: its row, its placed disks and the NICs still to be addressed. */
record NewVm(VmRow row, List<FabricDisk> disks, List<NicSpec> nics) {
    NewVm {
        requireNonNull(row, "row is null");
        disks = List.copyOf(requireNonNull(disks, "disks is null"));
        nics = List.copyOf(requireNonNull(nics, "nics is null"));
    }
}
