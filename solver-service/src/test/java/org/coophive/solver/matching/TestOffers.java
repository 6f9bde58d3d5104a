package org.coophive.solver.matching;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealPricing;
import org.coophive.common.model.DealTimeout;
import org.coophive.common.model.DealTimeouts;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.ModuleConfig;
import org.coophive.common.model.PricingMode;
import org.coophive.common.model.Privileges;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.TrustedParties;

/** Offer builders for matcher tests; the base offers are the reference's TestDoOffersMatch pair. */
final class TestOffers {

    static final String SOLVER = "0x5050505050505050505050505050505050505050";
    static final String OTHER_SOLVER = "0x6060606060606060606060606060606060606060";
    static final String APPLES = "0xa000000000000000000000000000000000000001";
    static final String APPLES2 = "0xa000000000000000000000000000000000000002";
    static final String JOB_CREATOR = "0xc000000000000000000000000000000000000001";
    static final String PROVIDER = "0xb000000000000000000000000000000000000001";
    static final long NOW = 1_700_000_000_000L;
    static final ModuleConfig COWSAY =
            new ModuleConfig("", "https://github.com/x/cowsay", "v0.0.1", "/module.coophive");
    static final ModuleConfig OTHER_MODULE =
            new ModuleConfig("", "https://github.com/x/other", "v1", "/module.coophive");
    static final DealTimeouts TIMEOUTS = new DealTimeouts(
            DealTimeout.of(3600),
            new DealTimeout(3600, BigInteger.TEN),
            new DealTimeout(3600, BigInteger.ONE),
            DealTimeout.of(3600));

    private TestOffers() {}

    static Job job() {
        return new Job();
    }

    static Resource resource() {
        return new Resource();
    }

    static final class Job {
        long createdAt = NOW;
        long cpu = 1000, gpu = 1000, ram = 1024, gpuMemory, disk;
        PricingMode mode = PricingMode.MARKET_PRICE;
        long price = 0;
        String solver = SOLVER;
        List<String> mediators = List.of(APPLES);
        ModuleConfig module = COWSAY;
        String creator = JOB_CREATOR;
        boolean network;
        Privileges privileges = Privileges.NONE;

        Job network() {
            network = true;
            return this;
        }

        Job privileges(Privileges v) {
            privileges = v;
            return this;
        }

        Job gpuMemory(long v) {
            gpuMemory = v;
            return this;
        }

        Job disk(long v) {
            disk = v;
            return this;
        }

        Job cpu(long v) {
            cpu = v;
            return this;
        }

        Job gpu(long v) {
            gpu = v;
            return this;
        }

        Job ram(long v) {
            ram = v;
            return this;
        }

        Job fixedPrice(long v) {
            mode = PricingMode.FIXED_PRICE;
            price = v;
            return this;
        }

        Job solver(String v) {
            solver = v;
            return this;
        }

        Job mediators(String... v) {
            mediators = List.of(v);
            return this;
        }

        Job module(ModuleConfig v) {
            module = v;
            return this;
        }

        Job createdAt(long v) {
            createdAt = v;
            return this;
        }

        Job creator(String v) {
            creator = v;
            return this;
        }

        JobOffer build() {
            JobOffer offer = new JobOffer(
                    "",
                    createdAt,
                    creator,
                    module,
                    new MachineSpec(gpu, cpu, ram, gpuMemory, disk, network, privileges),
                    Map.of(),
                    mode,
                    new DealPricing(BigInteger.valueOf(price), BigInteger.ZERO, 0, BigInteger.ZERO),
                    TIMEOUTS,
                    new TrustedParties(solver, mediators));
            return offer.withId(ContentIds.of(offer));
        }
    }

    static final class Resource {
        long createdAt = NOW;
        long cpu = 1000, gpu = 1000, ram = 1024, gpuMemory, disk;
        PricingMode mode = PricingMode.FIXED_PRICE;
        long price = 10;
        String solver = SOLVER;
        List<String> mediators = List.of(APPLES);
        List<String> modules = new ArrayList<>();
        String provider = PROVIDER;
        int index = 0;

        boolean network;
        Privileges privileges = Privileges.NONE;

        Resource network() {
            network = true;
            return this;
        }

        Resource privileges(Privileges v) {
            privileges = v;
            return this;
        }

        Resource gpuMemory(long v) {
            gpuMemory = v;
            return this;
        }

        Resource disk(long v) {
            disk = v;
            return this;
        }

        Resource cpu(long v) {
            cpu = v;
            return this;
        }

        Resource gpu(long v) {
            gpu = v;
            return this;
        }

        Resource ram(long v) {
            ram = v;
            return this;
        }

        Resource price(long v) {
            price = v;
            return this;
        }

        Resource mode(PricingMode v) {
            mode = v;
            return this;
        }

        Resource solver(String v) {
            solver = v;
            return this;
        }

        Resource mediators(String... v) {
            mediators = List.of(v);
            return this;
        }

        Resource modules(String... v) {
            modules = List.of(v);
            return this;
        }

        Resource createdAt(long v) {
            createdAt = v;
            return this;
        }

        Resource index(int v) {
            index = v;
            return this;
        }

        Resource provider(String v) {
            provider = v;
            return this;
        }

        ResourceOffer build() {
            ResourceOffer offer = new ResourceOffer(
                    "",
                    createdAt,
                    provider,
                    index,
                    new MachineSpec(gpu, cpu, ram, gpuMemory, disk, network, privileges),
                    modules,
                    mode,
                    new DealPricing(BigInteger.valueOf(price), BigInteger.valueOf(100), 2, BigInteger.ONE),
                    TIMEOUTS,
                    Map.of(),
                    Map.of(),
                    new TrustedParties(solver, mediators));
            return offer.withId(ContentIds.of(offer));
        }
    }
}
