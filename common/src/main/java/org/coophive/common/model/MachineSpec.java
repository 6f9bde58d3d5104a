package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MachineSpec(
        @ZeroWhenAbsent long gpu,
        @ZeroWhenAbsent long cpu,
        @ZeroWhenAbsent long ram,
        @ZeroWhenAbsent long gpuMemory,
        @ZeroWhenAbsent long disk,
        @ZeroWhenAbsent @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean network) {

    /** The spec that needs (or offers) nothing. */
    public static final MachineSpec NONE = new MachineSpec(0, 0, 0, 0, 0);

    /** A spec without network. */
    public MachineSpec(long gpu, long cpu, long ram, long gpuMemory, long disk) {
        this(gpu, cpu, ram, gpuMemory, disk, false);
    }

    /** This spec with network asked for (a job) or allowed (a provider), or not. */
    public MachineSpec withNetwork(boolean network) {
        return new MachineSpec(gpu, cpu, ram, gpuMemory, disk, network);
    }

    /** A spec with the reference's three fields and no GPU memory or disk stated. */
    public static MachineSpec of(long gpu, long cpu, long ram) {
        return new MachineSpec(gpu, cpu, ram, 0, 0);
    }
}
