package org.coophive.common.model;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.coophive.common.ids.ContentIds;

/**
 * What a solver (and a party checking a deal before it agrees) must reject, expressed once. Each
 * {@code validate} method returns every violation it finds, each naming the JSON path of the
 * offending value, rather than throwing at the first: a client gets the whole list in one Problem
 * Details response.
 *
 * <p>Bounds on deal terms are the contracts' own ({@code CoopHiveStorage._validate}), so a deal
 * built from valid offers never reverts on agree for its terms. Bounds on machine specs are sanity
 * limits well above any single machine today; a value above them is a unit mistake (bytes for MB,
 * cores for milli-cores) more likely than a real machine, and would match every job:
 *
 * <ul>
 *   <li>{@value #MAX_CPU_MILLIS} milli-CPU (1,024 cores),
 *   <li>{@value #MAX_GPU_MILLIS} milli-GPU (64 GPUs),
 *   <li>{@value #MAX_RAM_MB} MB of RAM (16 TiB),
 *   <li>{@value #MAX_GPU_MEMORY_MB} MB of memory per GPU (1 TiB),
 *   <li>{@value #MAX_DISK_MB} MB of disk (1 PiB).
 * </ul>
 *
 * <p>Every string is bounded and must be storable: no NUL character ({@code \u0000}, which
 * PostgreSQL text cannot hold) and no unpaired surrogate (which has no UTF-8 form). Limits: a
 * module name or git ref {@value #MAX_MODULE_NAME} characters, a repo URL or module path {@value
 * #MAX_MODULE_LOCATION}, an input name {@value #MAX_INPUT_NAME}, an input value {@value
 * #MAX_INPUT_VALUE}, at most {@value #MAX_INPUTS} inputs, a result's error {@value
 * #MAX_ERROR_TEXT} characters, at most {@value #MAX_OFFER_MODULES} modules (and module prices
 * and timeouts) in a resource offer. A violation names the field and never repeats the value.
 *
 * <p>A content id is checked for form everywhere it appears; the id of a deal, and of a result or
 * a deal's offers when set, must also match their content. Unknown pricing modes, agreement state
 * codes and event types never get this far: reading the JSON fails with a message naming them.
 */
public final class ModelValidator {

    /** 1,024 CPU cores, in milli-CPU. */
    public static final long MAX_CPU_MILLIS = 1_024_000L;

    /** 64 GPUs, in milli-GPU. */
    public static final long MAX_GPU_MILLIS = 64_000L;

    /** 16 TiB of RAM, in MB. */
    public static final long MAX_RAM_MB = 16L * 1024 * 1024;

    /** 1 TiB of memory per GPU, in MB. */
    public static final long MAX_GPU_MEMORY_MB = 1024L * 1024;

    /** 1 PiB of disk, in MB. */
    public static final long MAX_DISK_MB = 1024L * 1024 * 1024;

    /** Most mediators a deal may list ({@code CoopHiveStorage.MAX_MEDIATORS}). */
    public static final int MAX_MEDIATORS = 16;

    /** Longest timeout in seconds: 2^32-1, the contracts' limit. */
    public static final long MAX_TIMEOUT_SECONDS = 0xFFFF_FFFFL;

    /** Largest results collateral multiple: 2^32-1, the contracts' limit. */
    public static final long MAX_RESULTS_COLLATERAL_MULTIPLE = 0xFFFF_FFFFL;

    /** Largest amount in wei: 2^128-1, the contracts' limit for prices, fees and collateral. */
    public static final BigInteger MAX_AMOUNT_WEI =
            BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /** Longest module name ({@code cowsay:v0.0.1}) or git ref, in characters. */
    public static final int MAX_MODULE_NAME = 256;

    /** Longest module repo URL or path in the repo, in characters. */
    public static final int MAX_MODULE_LOCATION = 2048;

    /** Longest input name, in characters. */
    public static final int MAX_INPUT_NAME = 128;

    /** Longest input value, in characters. */
    public static final int MAX_INPUT_VALUE = 16 * 1024;

    /** Most inputs a job offer may carry. */
    public static final int MAX_INPUTS = 64;

    /** Longest error text of a result, in characters. */
    public static final int MAX_ERROR_TEXT = 4096;

    /** Most modules (and module prices, module timeouts) a resource offer may list. */
    public static final int MAX_OFFER_MODULES = 256;

    private static final Pattern TRANSACTION_HASH = Pattern.compile("0x[0-9a-fA-F]{64}");

    private ModelValidator() {}

    /** What is wrong with a job offer as a job creator posts it. */
    public static List<Violation> validate(JobOffer offer) {
        Violations v = new Violations();
        checkJobOffer(v, "", offer);
        return v.list();
    }

    /**
     * What is wrong with the user's part of a job (its module and inputs) before anything is done
     * with it: the same bounds as {@link #validate(JobOffer)} puts on them, so a job creator can
     * refuse at submission what the solver would refuse later.
     */
    public static List<Violation> validateJobRequest(ModuleConfig module, Map<String, String> inputs) {
        Violations v = new Violations();
        module(v, "module", module);
        inputs(v, "inputs", inputs);
        return v.list();
    }

    /** What is wrong with a resource offer as a resource provider posts it. */
    public static List<Violation> validate(ResourceOffer offer) {
        Violations v = new Violations();
        checkResourceOffer(v, "", offer);
        return v.list();
    }

    /**
     * What is wrong with a deal: its terms as the contracts check them, its id and its offers' ids
     * against their content, and its members against the offers (the parties are the offers'
     * owners, the solver and every mediator are trusted by both offers).
     */
    public static List<Violation> validate(Deal deal) {
        Violations v = new Violations();
        contentId(v, "id", deal.id());
        String expectedId = ContentIds.of(deal);
        if (ContentIds.isValid(deal.id()) && !deal.id().equals(expectedId)) {
            v.add("id", "does not match the deal's content (expected " + expectedId + ")");
        }
        DealMembers members = deal.members();
        address(v, "members.solver", members.solver());
        address(v, "members.job_creator", members.jobCreator());
        address(v, "members.resource_provider", members.resourceProvider());
        if (Addresses.equal(members.jobCreator(), members.resourceProvider())) {
            v.add("members.resource_provider", "is also the job creator; a deal needs two different parties");
        }
        mediators(v, "members.mediators", members.mediators());
        for (int i = 0; i < members.mediators().size(); i++) {
            String mediator = members.mediators().get(i);
            if (Addresses.equal(mediator, members.jobCreator())
                    || Addresses.equal(mediator, members.resourceProvider())) {
                v.add("members.mediators[" + i + "]", "is a party of the deal; a party cannot mediate its own deal");
            }
        }
        pricing(v, "pricing", deal.pricing());
        timeouts(v, "timeouts", deal.timeouts());

        JobOffer jobOffer = deal.jobOffer();
        ResourceOffer resourceOffer = deal.resourceOffer();
        checkJobOffer(v, "job_offer.", jobOffer);
        checkResourceOffer(v, "resource_offer.", resourceOffer);
        offerId(v, "job_offer.id", jobOffer.id(), jobOffer);
        offerId(v, "resource_offer.id", resourceOffer.id(), resourceOffer);
        if (!Addresses.equal(members.jobCreator(), jobOffer.jobCreator())) {
            v.add("members.job_creator", "is not the job offer's job creator " + jobOffer.jobCreator());
        }
        if (!Addresses.equal(members.resourceProvider(), resourceOffer.resourceProvider())) {
            v.add(
                    "members.resource_provider",
                    "is not the resource offer's resource provider " + resourceOffer.resourceProvider());
        }
        if (!Addresses.equal(members.solver(), jobOffer.trustedParties().solver())) {
            v.add(
                    "members.solver",
                    "is not the solver the job offer trusts ("
                            + jobOffer.trustedParties().solver() + ")");
        }
        if (!Addresses.equal(members.solver(), resourceOffer.trustedParties().solver())) {
            v.add(
                    "members.solver",
                    "is not the solver the resource offer trusts ("
                            + resourceOffer.trustedParties().solver() + ")");
        }
        for (int i = 0; i < members.mediators().size(); i++) {
            String mediator = members.mediators().get(i);
            boolean byJobCreator = containsAddress(jobOffer.trustedParties().mediators(), mediator);
            boolean byResourceProvider =
                    containsAddress(resourceOffer.trustedParties().mediators(), mediator);
            if (!byJobCreator || !byResourceProvider) {
                v.add(
                        "members.mediators[" + i + "]",
                        "is not trusted by the "
                                + (byJobCreator
                                        ? "resource offer"
                                        : byResourceProvider ? "job offer" : "job and resource offers"));
            }
        }
        return v.list();
    }

    /** What is wrong with a result as a resource provider posts it. */
    public static List<Violation> validate(Result result) {
        Violations v = new Violations();
        if (!result.id().isEmpty()) {
            contentId(v, "id", result.id());
            String expectedId = ContentIds.of(result);
            if (ContentIds.isValid(result.id()) && !result.id().equals(expectedId)) {
                v.add("id", "does not match the result's content (expected " + expectedId + ")");
            }
        }
        contentId(v, "deal_id", result.dealId());
        if (result.dataId().isEmpty()) {
            if (result.error().isEmpty()) {
                v.add("data_id", "is missing: a result needs the id of its data, or an error saying why there is none");
            }
        } else {
            contentId(v, "data_id", result.dataId());
        }
        text(v, "error", result.error(), MAX_ERROR_TEXT);
        if (result.instructionCount() < 0) {
            v.add("instruction_count", "must not be negative, not " + result.instructionCount());
        }
        return v.list();
    }

    /** What is wrong with the transaction hashes a resource provider reports. */
    public static List<Violation> validate(DealTransactionsResourceProvider txs) {
        Violations v = new Violations();
        transaction(v, "agree", txs.agree());
        transaction(v, "add_result", txs.addResult());
        transaction(v, "timeout_agree", txs.timeoutAgree());
        transaction(v, "timeout_judge_results", txs.timeoutJudgeResults());
        transaction(v, "timeout_mediate_results", txs.timeoutMediateResults());
        return v.list();
    }

    /** What is wrong with the transaction hashes a job creator reports. */
    public static List<Violation> validate(DealTransactionsJobCreator txs) {
        Violations v = new Violations();
        transaction(v, "agree", txs.agree());
        transaction(v, "accept_result", txs.acceptResult());
        transaction(v, "check_result", txs.checkResult());
        transaction(v, "timeout_agree", txs.timeoutAgree());
        transaction(v, "timeout_submit_results", txs.timeoutSubmitResults());
        transaction(v, "timeout_mediate_results", txs.timeoutMediateResults());
        return v.list();
    }

    /** What is wrong with the transaction hashes a mediator reports. */
    public static List<Violation> validate(DealTransactionsMediator txs) {
        Violations v = new Violations();
        transaction(v, "mediation_accept_result", txs.mediationAcceptResult());
        transaction(v, "mediation_reject_result", txs.mediationRejectResult());
        return v.list();
    }

    // ---------------------------------------------------------------- offers

    private static void checkJobOffer(Violations v, String prefix, JobOffer offer) {
        address(v, prefix + "job_creator", offer.jobCreator());
        createdAt(v, prefix, offer.createdAt());
        module(v, prefix + "module", offer.module());
        spec(v, prefix + "spec", offer.spec());
        inputs(v, prefix + "inputs", offer.inputs());
        if (offer.mode() == null) v.add(prefix + "mode", "is missing: \"MarketPrice\" or \"FixedPrice\"");
        pricing(v, prefix + "pricing", offer.pricing());
        timeouts(v, prefix + "timeouts", offer.timeouts());
        trustedParties(v, prefix + "trusted_parties", offer.trustedParties(), offer.jobCreator(), "job creator");
    }

    private static void checkResourceOffer(Violations v, String prefix, ResourceOffer offer) {
        address(v, prefix + "resource_provider", offer.resourceProvider());
        createdAt(v, prefix, offer.createdAt());
        if (offer.index() < 0) v.add(prefix + "index", "must not be negative, not " + offer.index());
        spec(v, prefix + "spec", offer.spec());
        Set<String> modules = new HashSet<>();
        if (offer.modules().size() > MAX_OFFER_MODULES) {
            v.add(
                    prefix + "modules",
                    "lists " + offer.modules().size() + " modules, above the limit of " + MAX_OFFER_MODULES);
        }
        if (offer.modulePricing().size() > MAX_OFFER_MODULES) {
            v.add(
                    prefix + "module_pricing",
                    "prices " + offer.modulePricing().size() + " modules, above the limit of " + MAX_OFFER_MODULES);
        }
        if (offer.moduleTimeouts().size() > MAX_OFFER_MODULES) {
            v.add(
                    prefix + "module_timeouts",
                    "times " + offer.moduleTimeouts().size() + " modules, above the limit of " + MAX_OFFER_MODULES);
        }
        for (int i = 0; i < offer.modules().size() && i < MAX_OFFER_MODULES; i++) {
            String module = offer.modules().get(i);
            contentId(v, prefix + "modules[" + i + "]", module);
            if (!modules.add(module)) v.add(prefix + "modules[" + i + "]", "lists module " + module + " twice");
        }
        if (offer.mode() == null) {
            v.add(prefix + "mode", "is missing: a resource offer is \"FixedPrice\"");
        } else if (offer.mode() != PricingMode.FIXED_PRICE) {
            v.add(
                    prefix + "mode",
                    "must be \"FixedPrice\": a resource provider offers its machine at a fixed price, not "
                            + offer.mode());
        }
        pricing(v, prefix + "default_pricing", offer.defaultPricing());
        timeouts(v, prefix + "default_timeouts", offer.defaultTimeouts());
        for (Map.Entry<String, DealPricing> entry : offer.modulePricing().entrySet()) {
            String path = prefix + "module_pricing[" + entry.getKey() + "]";
            contentId(v, path, entry.getKey());
            pricing(v, path, entry.getValue());
        }
        for (Map.Entry<String, DealTimeouts> entry : offer.moduleTimeouts().entrySet()) {
            String path = prefix + "module_timeouts[" + entry.getKey() + "]";
            contentId(v, path, entry.getKey());
            timeouts(v, path, entry.getValue());
        }
        trustedParties(
                v, prefix + "trusted_parties", offer.trustedParties(), offer.resourceProvider(), "resource provider");
    }

    private static void createdAt(Violations v, String prefix, long createdAt) {
        if (createdAt < 0) v.add(prefix + "created_at", "must not be negative, not " + createdAt);
    }

    private static void inputs(Violations v, String path, Map<String, String> inputs) {
        if (inputs.size() > MAX_INPUTS) {
            v.add(path, "has " + inputs.size() + " inputs, above the limit of " + MAX_INPUTS);
            return;
        }
        for (Map.Entry<String, String> input : inputs.entrySet()) {
            String name = input.getKey();
            if (name.isEmpty()) v.add(path, "has an input with an empty name");
            String at = path + "[" + UserText.escape(name, 40) + "]";
            text(v, at + " (name)", name, MAX_INPUT_NAME);
            text(v, at, input.getValue(), MAX_INPUT_VALUE);
        }
    }

    private static void module(Violations v, String path, ModuleConfig module) {
        text(v, path + ".name", module.name(), MAX_MODULE_NAME);
        text(v, path + ".repo", module.repo(), MAX_MODULE_LOCATION);
        text(v, path + ".hash", module.hash(), MAX_MODULE_NAME);
        text(v, path + ".path", module.path(), MAX_MODULE_LOCATION);
        if (module.name().isBlank() && module.repo().isBlank()) {
            v.add(path, "names no module: set a catalogue name (e.g. cowsay:v0.0.1) or a git repo");
        }
        if (!module.repo().isBlank() && module.hash().isBlank()) {
            v.add(path + ".hash", "is missing: a module from a git repo needs a tag, branch or commit");
        }
    }

    private static void spec(Violations v, String path, MachineSpec spec) {
        bounded(v, path + ".gpu", spec.gpu(), MAX_GPU_MILLIS, "milli-GPU (64 GPUs)");
        bounded(v, path + ".cpu", spec.cpu(), MAX_CPU_MILLIS, "milli-CPU (1,024 cores)");
        bounded(v, path + ".ram", spec.ram(), MAX_RAM_MB, "MB (16 TiB)");
        bounded(v, path + ".gpu_memory", spec.gpuMemory(), MAX_GPU_MEMORY_MB, "MB per GPU (1 TiB)");
        bounded(v, path + ".disk", spec.disk(), MAX_DISK_MB, "MB (1 PiB)");
        List<String> capabilities = spec.privileges().capabilities();
        if (capabilities.size() > Privileges.CAPABILITIES.size()) {
            v.add(
                    path + ".privileges.capabilities",
                    "lists " + capabilities.size() + " capabilities, above the " + Privileges.CAPABILITIES.size()
                            + " that exist");
            return;
        }
        for (int i = 0; i < capabilities.size(); i++) {
            String capability = capabilities.get(i);
            String at = path + ".privileges.capabilities[" + i + "]";
            if (!Privileges.CAPABILITIES.contains(capability)) {
                v.add(
                        at,
                        "is " + UserText.escape(capability, 40) + ", not one of "
                                + new TreeSet<>(Privileges.CAPABILITIES));
            } else if (capabilities.indexOf(capability) < i) {
                v.add(at, "repeats " + capability);
            }
        }
    }

    private static void bounded(Violations v, String path, long value, long max, String unit) {
        if (value < 0) {
            v.add(path, "must not be negative, not " + value);
        } else if (value > max) {
            v.add(path, "is " + value + ", above the sane limit of " + max + " " + unit);
        }
    }

    private static void trustedParties(
            Violations v, String path, TrustedParties parties, String owner, String ownerRole) {
        address(v, path + ".solver", parties.solver());
        List<String> mediators = parties.mediators();
        mediators(v, path + ".mediator", mediators);
        for (int i = 0; i < mediators.size(); i++) {
            if (Addresses.equal(mediators.get(i), owner)) {
                v.add(
                        path + ".mediator[" + i + "]",
                        "is the offer's own " + ownerRole + "; a party cannot mediate its own deal");
            }
        }
    }

    // ---------------------------------------------------------------- deal terms

    private static void mediators(Violations v, String path, List<String> mediators) {
        if (mediators.isEmpty()) {
            v.add(path, "is empty: name at least one mediator");
        } else if (mediators.size() > MAX_MEDIATORS) {
            v.add(path, "names " + mediators.size() + " mediators; the contracts take at most " + MAX_MEDIATORS);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < mediators.size(); i++) {
            String mediator = mediators.get(i);
            String at = path + "[" + i + "]";
            address(v, at, mediator);
            if (!seen.add(mediator.toLowerCase(Locale.ROOT))) v.add(at, "lists mediator " + mediator + " twice");
        }
    }

    private static void pricing(Violations v, String path, DealPricing pricing) {
        amount(v, path + ".instruction_price", pricing.instructionPrice());
        amount(v, path + ".payment_collateral", pricing.paymentCollateral());
        amount(v, path + ".mediation_fee", pricing.mediationFee());
        long multiple = pricing.resultsCollateralMultiple();
        if (multiple < 0) {
            v.add(path + ".results_collateral_multiple", "must not be negative, not " + multiple);
        } else if (multiple > MAX_RESULTS_COLLATERAL_MULTIPLE) {
            v.add(
                    path + ".results_collateral_multiple",
                    "is " + multiple + ", above the contracts' limit of " + MAX_RESULTS_COLLATERAL_MULTIPLE);
        }
    }

    private static void timeouts(Violations v, String path, DealTimeouts timeouts) {
        timeout(v, path + ".agree", timeouts.agree(), false);
        timeout(v, path + ".submit_results", timeouts.submitResults(), true);
        timeout(v, path + ".judge_results", timeouts.judgeResults(), true);
        timeout(v, path + ".mediate_results", timeouts.mediateResults(), false);
    }

    private static void timeout(Violations v, String path, DealTimeout timeout, boolean collateralAllowed) {
        long seconds = timeout.timeout();
        if (seconds < 1) {
            v.add(path + ".timeout", "must be at least 1 second, not " + seconds);
        } else if (seconds > MAX_TIMEOUT_SECONDS) {
            v.add(
                    path + ".timeout",
                    "is " + seconds + " s, above the contracts' limit of " + MAX_TIMEOUT_SECONDS + " s");
        }
        if (!collateralAllowed && timeout.collateral().signum() != 0) {
            v.add(
                    path + ".collateral",
                    "must be 0: the contracts lock no collateral for this step, not " + timeout.collateral());
        } else {
            amount(v, path + ".collateral", timeout.collateral());
        }
    }

    private static void amount(Violations v, String path, BigInteger wei) {
        if (wei.signum() < 0) {
            v.add(path, "must not be negative, not " + wei);
        } else if (wei.compareTo(MAX_AMOUNT_WEI) > 0) {
            v.add(path, "is " + wei + " wei, above the contracts' limit of 2^128-1");
        }
    }

    // ---------------------------------------------------------------- values

    /**
     * A string a store can hold: not longer than {@code max} characters, no NUL, no unpaired
     * surrogate. Never repeats the value (it may be huge or hold control characters).
     */
    private static void text(Violations v, String path, String value, int max) {
        if (value == null) return;
        if (value.length() > max) {
            v.add(path, "is " + value.length() + " characters long, above the limit of " + max);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                v.add(path, "contains a NUL character (\\u0000 at index " + i + "), which cannot be stored");
                return;
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                v.add(path, "contains an unpaired surrogate (at index " + i + "), which is not valid Unicode");
                return;
            }
        }
    }

    private static void address(Violations v, String path, String address) {
        Addresses.validationError(address).ifPresentOrElse(error -> v.add(path, error), () -> {
            if (Addresses.isZero(address)) v.add(path, "is the zero address");
        });
    }

    private static void contentId(Violations v, String path, String contentId) {
        if (contentId.isEmpty()) {
            v.add(path, "is missing");
        } else {
            ContentIds.validationError(contentId).ifPresent(error -> v.add(path, error));
        }
    }

    private static void offerId(Violations v, String path, String id, Object offer) {
        contentId(v, path, id);
        String expectedId = ContentIds.of(offer);
        if (ContentIds.isValid(id) && !id.equals(expectedId)) {
            v.add(path, "does not match the offer's content (expected " + expectedId + ")");
        }
    }

    private static boolean containsAddress(List<String> addresses, String address) {
        return addresses.stream().anyMatch(candidate -> Addresses.equal(candidate, address));
    }

    private static void transaction(Violations v, String path, String hash) {
        if (!hash.isEmpty() && !TRANSACTION_HASH.matcher(hash).matches()) {
            v.add(path, "\"" + hash + "\" is not a transaction hash (0x followed by 64 hex digits), nor \"\"");
        }
    }

    /** Collects violations in the order found. */
    private static final class Violations {
        private final List<Violation> list = new ArrayList<>();

        void add(String field, String message) {
            list.add(new Violation(field, message));
        }

        List<Violation> list() {
            return List.copyOf(list);
        }
    }
}
