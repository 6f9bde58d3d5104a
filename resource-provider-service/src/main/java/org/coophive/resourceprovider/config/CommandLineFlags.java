package org.coophive.resourceprovider.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.coophive.executor.ExecutorSettings;

/**
 * The seed's command line: {@code --offer-gpu 1} or {@code --offer-gpu=1} sets what
 * {@code OFFER_GPU} sets, and wins over it. Each flag of the table below becomes a Spring
 * argument {@code --OFFER_GPU=1}; a repeated list flag ({@code --offer-modules a --offer-modules b})
 * is joined with commas, as the variable is written. Anything else is passed on unchanged (Spring's
 * own {@code --server.port=...}). The key is not a flag: it would show in the process list.
 */
public final class CommandLineFlags {

    /** Flag name (without {@code --}) to variable. */
    static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("offer-cpu", OfferProperties.CPU),
            Map.entry("offer-gpu", OfferProperties.GPU),
            Map.entry("offer-ram", OfferProperties.RAM),
            Map.entry("offer-count", OfferProperties.COUNT),
            Map.entry("offer-modules", OfferProperties.MODULES),
            Map.entry("offer-network", OfferProperties.NETWORK),
            Map.entry("service-solver", "SERVICE_SOLVER"),
            Map.entry("service-mediators", "SERVICE_MEDIATORS"),
            Map.entry("pricing-mode", "PRICING_MODE"),
            Map.entry("pricing-instruction-price", "PRICING_INSTRUCTION_PRICE"),
            Map.entry("pricing-payment-collateral", "PRICING_PAYMENT_COLLATERAL"),
            Map.entry("pricing-results-collateral-multiple", "PRICING_RESULTS_COLLATERAL_MULTIPLE"),
            Map.entry("pricing-mediation-fee", "PRICING_MEDIATION_FEE"),
            Map.entry("timeout-agree-time", "TIMEOUT_AGREE_TIME"),
            Map.entry("timeout-submit-results-time", "TIMEOUT_SUBMIT_RESULTS_TIME"),
            Map.entry("timeout-submit-results-collateral", "TIMEOUT_SUBMIT_RESULTS_COLLATERAL"),
            Map.entry("timeout-judge-results-time", "TIMEOUT_JUDGE_RESULTS_TIME"),
            Map.entry("timeout-judge-results-collateral", "TIMEOUT_JUDGE_RESULTS_COLLATERAL"),
            Map.entry("timeout-mediate-results-time", "TIMEOUT_MEDIATE_RESULTS_TIME"),
            Map.entry("web3-rpc-url", "WEB3_RPC_URL"),
            Map.entry("web3-chain-id", "WEB3_CHAIN_ID"),
            Map.entry("web3-controller-address", "WEB3_CONTROLLER_ADDRESS"),
            Map.entry("executor", ExecutorSettings.EXECUTOR),
            Map.entry("docker-pull", ExecutorSettings.DOCKER_PULL),
            Map.entry("bacalhau-api-host", ExecutorSettings.BACALHAU_API_HOST),
            Map.entry("bacalhau-api-port", ExecutorSettings.BACALHAU_API_PORT),
            Map.entry("job-outputs-limit", ExecutorSettings.JOB_OUTPUTS_LIMIT),
            Map.entry("executor-privileges", ExecutorSettings.EXECUTOR_PRIVILEGES),
            Map.entry("job-logs-limit", ExecutorSettings.JOB_LOGS_LIMIT),
            Map.entry("data-dir", ProviderProperties.DATA_DIR),
            Map.entry("reconcile-interval", ProviderProperties.RECONCILE_INTERVAL),
            Map.entry("test-mode-wrong-results", ProviderProperties.TEST_MODE_WRONG_RESULTS));

    /** Flags that may stand alone, meaning {@code true}. */
    private static final List<String> SWITCHES = List.of("test-mode-wrong-results", "offer-network");

    private CommandLineFlags() {}

    /**
     * Rewrites the known flags as Spring arguments.
     *
     * @throws InvalidConfigurationException for a known flag without a value, or the key as a flag
     */
    public static String[] toSpringArguments(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> passed = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                passed.add(arg);
                continue;
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            String name = (eq < 0 ? body : body.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (name.equals("web3-private-key")) {
                throw new InvalidConfigurationException(
                        "--web3-private-key is not accepted (it would show in the process list): set WEB3_PRIVATE_KEY");
            }
            String variable = FLAGS.get(name);
            if (variable == null) {
                passed.add(arg);
                continue;
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else if (SWITCHES.contains(name)) {
                value = "true";
            } else {
                throw new InvalidConfigurationException("--" + name + " needs a value (it sets " + variable + ")");
            }
            values.merge(variable, value, (a, b) -> a + "," + b);
        }
        values.forEach((variable, value) -> passed.add("--" + variable + "=" + value));
        return passed.toArray(String[]::new);
    }
}
