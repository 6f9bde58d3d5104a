package org.coophive.resourceprovider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.ModuleConfig;
import org.junit.jupiter.api.Test;

class OfferPropertiesTest {

    @Test
    void shouldUseTheSeedsDefaultsWhenNothingIsSet() {
        OfferProperties offer = OfferProperties.fromEnvironment(Map.of());

        assertThat(offer).isEqualTo(new OfferProperties(1000, 0, 1024, 1, java.util.List.of(), false));
    }

    @Test
    void shouldOfferGpusInMilliGpuWhenOneWholeGpuIsConfigured() {
        OfferProperties offer = OfferProperties.fromEnvironment(Map.of("OFFER_GPU", "1", "OFFER_RAM", "4096"));

        assertThat(offer.spec()).isEqualTo(MachineSpec.of(1000, 1000, 4096));
    }

    @Test
    void shouldReadTheModuleListWhenCommaSeparated() {
        String cowsay = ContentIds.of(ModuleConfig.shortcut("cowsay:v0.0.1"));
        String other = ContentIds.of(ModuleConfig.shortcut("sdxl:v0.2.9"));

        OfferProperties offer = OfferProperties.fromEnvironment(Map.of("OFFER_MODULES", cowsay + ", " + other));

        assertThat(offer.modules()).containsExactly(cowsay, other);
    }

    @Test
    void shouldNameTheVariableAndFlagWhenANumberIsMalformed() {
        assertThatThrownBy(() -> OfferProperties.fromEnvironment(Map.of("OFFER_RAM", "lots")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("OFFER_RAM (--offer-ram) is not a whole number: lots");
    }

    @Test
    void shouldRefuseZeroCpuWhenOffered() {
        assertThatThrownBy(() -> OfferProperties.fromEnvironment(Map.of("OFFER_CPU", "0")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("OFFER_CPU (--offer-cpu) must be between 1");
    }

    @Test
    void shouldRefuseZeroSlotsWhenCountIsZero() {
        assertThatThrownBy(() -> OfferProperties.fromEnvironment(Map.of("OFFER_COUNT", "0")))
                .hasMessageStartingWith("OFFER_COUNT (--offer-count) must be between 1");
    }

    @Test
    void shouldRefuseAModuleWhenItIsNotAContentId() {
        assertThatThrownBy(() -> OfferProperties.fromEnvironment(Map.of("OFFER_MODULES", "cowsay:v0.0.1")))
                .hasMessageStartingWith("OFFER_MODULES lists cowsay:v0.0.1, which is not a module id");
    }
}
