package org.coophive.resourceprovider.config;

import java.util.List;
import java.util.Map;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.ids.InvalidContentIdException;
import org.coophive.common.model.MachineSpec;

/**
 * What the provider offers ({@code OFFER_*}, the seed's names; defaults in
 * {@code application.properties}): {@code count}
 * identical machines ("slots"), each {@code cpuMillis} milli-CPU, {@code gpus} whole GPUs and
 * {@code ramMb} MB, for the listed modules (empty = any). Each slot is one resource offer and runs
 * at most one job at a time.
 *
 * @param cpuMillis {@code OFFER_CPU}, milli-CPU per slot (default 1000)
 * @param gpus {@code OFFER_GPU}, whole GPUs per slot (default 0); offers carry milli-GPU
 * @param ramMb {@code OFFER_RAM}, MB per slot (default 1024)
 * @param count {@code OFFER_COUNT}, slots (default 1)
 * @param modules {@code OFFER_MODULES}, module ids (content ids of module configs), comma-separated
 * @param network {@code OFFER_NETWORK} (default false): whether this provider runs modules that ask
 *     for network access; advertised in its offers, so the solver pairs such a module only with a
 *     provider that allows it
 */
public record OfferProperties(long cpuMillis, int gpus, long ramMb, int count, List<String> modules, boolean network) {

    public static final String NETWORK = "OFFER_NETWORK";

    public static final String CPU = "OFFER_CPU";
    public static final String GPU = "OFFER_GPU";
    public static final String RAM = "OFFER_RAM";
    public static final String COUNT = "OFFER_COUNT";
    public static final String MODULES = "OFFER_MODULES";

    public OfferProperties {
        ProviderBinding.within(CPU, cpuMillis, 1, 1_024_000);
        ProviderBinding.within(GPU, gpus, 0, 64);
        ProviderBinding.within(RAM, ramMb, 1, 16L * 1024 * 1024);
        ProviderBinding.within(COUNT, count, 1, 256);
        modules = modules == null
                ? List.of()
                : modules.stream().map(String::strip).filter(m -> !m.isEmpty()).toList();
        for (String module : modules) {
            try {
                ContentIds.digest(module);
            } catch (InvalidContentIdException e) {
                throw new InvalidConfigurationException(
                        MODULES + " lists " + module + ", which is not a module id (a Qm... content id)");
            }
        }
    }

    /** @throws InvalidConfigurationException naming the first wrong variable */
    public static OfferProperties fromEnvironment(Map<String, String> env) {
        return ProviderBinding.bind(env, "coophive.offer", OfferProperties.class);
    }

    /** The machine one slot offers (GPUs in milli-GPU, as the wire model counts them). */
    public MachineSpec spec() {
        return MachineSpec.of(gpus * 1000L, cpuMillis, ramMb).withNetwork(network);
    }
}
