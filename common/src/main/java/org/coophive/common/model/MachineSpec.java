package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A machine: what a job creator needs at least, or what a resource provider offers.
 *
 * <p>{@code gpu_memory} and {@code disk} go beyond the reference's three fields. A GPU count alone
 * cannot tell an 8 GB card from an 80 GB one, so a job whose model needs 40 GB of GPU memory
 * could be matched to a provider whose GPU cannot even load it and fail only after both sides
 * locked collateral. Likewise a job that writes large outputs (or needs a large image) fails late
 * on a provider without the disk space. Both default to 0 ("no requirement" / "not stated"), so
 * an offer written for the reference reads as before.
 *
 * @param gpu GPUs in milli-GPU: 1000 is one whole GPU (the reference's modules wrote whole GPUs;
 *     multiply them by 1000)
 * @param cpu CPU in milli-CPU: 1000 is one core
 * @param ram memory in MB
 * @param gpuMemory memory of each GPU in MB (JSON {@code gpu_memory}); 0 when no GPU is needed
 * @param disk scratch disk space in MB for inputs, image layers and outputs
 * @param network on a job offer: its module asks for network access; on a resource offer: the
 *     provider runs modules that ask for it ({@code OFFER_NETWORK}, off by default). Written only
 *     when true, so an offer without network reads, and hashes, as before the field existed
 * @param privileges on a job offer: what its module asks for beyond the sandbox; on a resource
 *     offer: what the provider grants ({@code EXECUTOR_PRIVILEGES}, nothing by default). Written
 *     only when not {@link Privileges#NONE}, like {@code network}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MachineSpec(
        @ZeroWhenAbsent long gpu,
        @ZeroWhenAbsent long cpu,
        @ZeroWhenAbsent long ram,
        @ZeroWhenAbsent long gpuMemory,
        @ZeroWhenAbsent long disk,
        @ZeroWhenAbsent @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean network,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Privileges.NoneFilter.class)
                Privileges privileges) {

    /** The spec that needs (or offers) nothing. */
    public static final MachineSpec NONE = new MachineSpec(0, 0, 0, 0, 0);

    public MachineSpec {
        if (privileges == null) privileges = Privileges.NONE;
    }

    /** A spec without network or privileges. */
    public MachineSpec(long gpu, long cpu, long ram, long gpuMemory, long disk) {
        this(gpu, cpu, ram, gpuMemory, disk, false, Privileges.NONE);
    }

    /** A spec without privileges. */
    public MachineSpec(long gpu, long cpu, long ram, long gpuMemory, long disk, boolean network) {
        this(gpu, cpu, ram, gpuMemory, disk, network, Privileges.NONE);
    }

    /** This spec with network asked for (a job) or allowed (a provider), or not. */
    public MachineSpec withNetwork(boolean network) {
        return new MachineSpec(gpu, cpu, ram, gpuMemory, disk, network, privileges);
    }

    /** This spec with privileges asked for (a job) or granted (a provider). */
    public MachineSpec withPrivileges(Privileges privileges) {
        return new MachineSpec(gpu, cpu, ram, gpuMemory, disk, network, privileges);
    }

    /** This spec's resources alone: no network, no privileges (the solver groups offers by it). */
    public MachineSpec resourcesOnly() {
        return new MachineSpec(gpu, cpu, ram, gpuMemory, disk, false, Privileges.NONE);
    }

    /**
     * Whether this machine (an offer's) has at least what {@code needed} (a job's) asks for, in
     * every resource: CPU, GPU, RAM, GPU memory and disk. Network and privileges are permissions,
     * not capacities: the solver's {@code NETWORK} and {@code PRIVILEGES} rules and the provider's
     * terms check them on their own.
     */
    public boolean covers(MachineSpec needed) {
        return shortfall(needed).isEmpty();
    }

    /**
     * The first resource this machine (an offer's) has less of than {@code needed} asks for, in
     * the order CPU, GPU, RAM, GPU memory, disk; empty when it {@linkplain #covers covers} it.
     * The one rule the solver's matcher, its explanations and both parties' term checks use.
     */
    public Optional<Shortfall> shortfall(MachineSpec needed) {
        for (Resource resource : Resource.values()) {
            long need = resource.of(needed);
            long have = resource.of(this);
            if (have < need) return Optional.of(new Shortfall(resource, need, have));
        }
        return Optional.empty();
    }

    /** A resource a machine has an amount of. */
    public enum Resource {
        CPU("milli-CPU"),
        GPU("milli-GPU"),
        RAM("MB of RAM"),
        GPU_MEMORY("MB of GPU memory"),
        DISK("MB of disk");

        private final String unit;

        Resource(String unit) {
            this.unit = unit;
        }

        long of(MachineSpec spec) {
            return switch (this) {
                case CPU -> spec.cpu();
                case GPU -> spec.gpu();
                case RAM -> spec.ram();
                case GPU_MEMORY -> spec.gpuMemory();
                case DISK -> spec.disk();
            };
        }
    }

    /**
     * What an offered machine lacks.
     *
     * @param resource the first resource short
     * @param needed what the job asks for
     * @param offered what the offer has
     */
    public record Shortfall(Resource resource, long needed, long offered) {

        /** In words, e.g. {@code needs 2000 milli-CPU, offer has 1000}. */
        public String message() {
            return "needs " + needed + " " + resource.unit + ", offer has " + offered;
        }
    }

    /** A spec with the reference's three fields and no GPU memory or disk stated. */
    public static MachineSpec of(long gpu, long cpu, long ram) {
        return new MachineSpec(gpu, cpu, ram, 0, 0);
    }
}
