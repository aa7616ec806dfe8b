package io.gio.spf.tenancy;

import static java.util.Objects.requireNonNull;

import io.gio.spf.SpfException;
import java.util.OptionalLong;

/** Limits on VMs, virtual processors, memory (MB) and storage (GB); an empty value is unlimited. */
public record QuotaLimits(OptionalLong vms, OptionalLong cores, OptionalLong memoryMb, OptionalLong storageGb) {

    public static final QuotaLimits UNLIMITED = new QuotaLimits(OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty());

    public QuotaLimits {
        requireNonNull(vms, "vms is null");
        requireNonNull(cores, "cores is null");
        requireNonNull(memoryMb, "memoryMb is null");
        requireNonNull(storageGb, "storageGb is null");
        for (OptionalLong v : new OptionalLong[] {vms, cores, memoryMb, storageGb}) {
            if (v.isPresent() && v.getAsLong() < 0) {
                throw SpfException.badRequest("A quota must not be negative, got " + v.getAsLong() + ".");
            }
        }
    }

    /** Finite limits; a {@code null} is unlimited. */
    public static QuotaLimits of(Long vms, Long cores, Long memoryMb, Long storageGb) {
        return new QuotaLimits(opt(vms), opt(cores), opt(memoryMb), opt(storageGb));
    }

    static OptionalLong opt(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** These limits raised by an add-on's increments; unlimited stays unlimited. */
    public QuotaLimits plus(Usage increment) {
        return new QuotaLimits(add(vms, increment.vms()), add(cores, increment.cores()),
                add(memoryMb, increment.memoryMb()), add(storageGb, increment.storageGb()));
    }

    private static OptionalLong add(OptionalLong limit, long increment) {
        return limit.isPresent() ? OptionalLong.of(limit.getAsLong() + increment) : limit;
    }
}
