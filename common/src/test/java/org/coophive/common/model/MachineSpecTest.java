package org.coophive.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineSpecTest {

    private static final MachineSpec OFFER = new MachineSpec(1000, 4000, 8192, 24_000, 100_000);

    @Test
    void shouldCoverAJobThatNeedsNoMoreOfAnyResource() {
        assertThat(OFFER.covers(OFFER)).isTrue();
        assertThat(OFFER.covers(MachineSpec.NONE)).isTrue();
        assertThat(OFFER.covers(MachineSpec.of(0, 1000, 512))).isTrue();
        assertThat(OFFER.shortfall(MachineSpec.of(1000, 4000, 8192))).isEmpty();
    }

    @Test
    void shouldNameTheFirstShortResourceInWordsWhenTheJobNeedsMore() {
        assertThat(OFFER.shortfall(new MachineSpec(2000, 8000, 0, 0, 0))
                        .orElseThrow()
                        .message())
                .as("CPU comes first")
                .isEqualTo("needs 8000 milli-CPU, offer has 4000");
        assertThat(OFFER.shortfall(MachineSpec.of(2000, 0, 0)).orElseThrow().message())
                .isEqualTo("needs 2000 milli-GPU, offer has 1000");
        assertThat(OFFER.shortfall(MachineSpec.of(0, 0, 16_384)).orElseThrow().message())
                .isEqualTo("needs 16384 MB of RAM, offer has 8192");
    }

    @Test
    void shouldNotCoverAJobNeedingMoreGpuMemoryOrDiskThanOffered() {
        MachineSpec bigModel = new MachineSpec(1000, 1000, 1024, 40_000, 0);
        assertThat(OFFER.covers(bigModel)).isFalse();
        assertThat(OFFER.shortfall(bigModel).orElseThrow())
                .isEqualTo(new MachineSpec.Shortfall(MachineSpec.Resource.GPU_MEMORY, 40_000, 24_000));
        assertThat(OFFER.shortfall(bigModel).orElseThrow().message())
                .isEqualTo("needs 40000 MB of GPU memory, offer has 24000");

        MachineSpec bigOutputs = new MachineSpec(0, 1000, 1024, 0, 200_000);
        assertThat(OFFER.shortfall(bigOutputs).orElseThrow().message())
                .isEqualTo("needs 200000 MB of disk, offer has 100000");
        assertThat(MachineSpec.of(1000, 4000, 8192).covers(new MachineSpec(0, 0, 0, 0, 1)))
                .as("an offer that states no disk covers no disk requirement")
                .isFalse();
    }

    @Test
    void shouldLeaveNetworkToItsOwnRuleWhenComparingCapacity() {
        assertThat(OFFER.covers(MachineSpec.NONE.withNetwork(true))).isTrue();
    }
}
