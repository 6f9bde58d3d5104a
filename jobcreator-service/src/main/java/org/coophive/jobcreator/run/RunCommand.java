package org.coophive.jobcreator.run;

import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.coophive.common.chain.ChainClientOptions;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.ChainUnavailableException;
import org.coophive.common.chain.EventStream;
import org.coophive.common.chain.RetryPolicy;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.config.Durations;
import org.coophive.common.config.SolverLocator;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.common.solver.SolverClientSettings;
import org.coophive.common.solver.SolverEventStream;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.executor.module.ModuleReference;
import org.coophive.jobcreator.config.JobCreatorEnvironment;
import org.coophive.jobcreator.deals.EngineSettings;
import org.coophive.jobcreator.deals.FileJobStore;
import org.coophive.jobcreator.deals.JobCreatorEngine;
import org.coophive.jobcreator.deals.JobRequest;
import org.coophive.jobcreator.deals.JobSource;
import org.coophive.jobcreator.deals.MatchExplainer;
import org.coophive.jobcreator.deals.Modules;
import org.coophive.jobcreator.deals.SentTransactionRelay;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code run <module> -i K=V ...}: runs one job on the network as if it were a local command.
 * Read without Spring so that it starts fast; the job creator's key is {@code WEB3_PRIVATE_KEY}.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Runs a module on the network: posts a job offer, agrees to the deal, waits for the"
                + " results, downloads them and pays. Progress goes to stderr, the job's stdout to stdout.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the job succeeded",
            "1:the job failed (non-zero exit, provider error or wrong results)",
            "2:bad usage or configuration",
            "3:no resource offer matched",
            "4:timed out",
            "5:the chain is unreachable",
            "6:the solver is unreachable",
            "7:the deal's terms differed from the offer: not agreed",
            "130:interrupted (Ctrl-C)"
        })
public final class RunCommand implements Callable<Integer> {

    /** A CLI does not wait 25 s for a node that is down: about 1.5 s. */
    /** How long the solver or chain may stay unreachable mid-run (a restart) before the run gives up. */
    static final Duration OUTAGE_GRACE = Duration.ofSeconds(30);

    private static final RetryPolicy CLI_RETRY = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(1));

    @Parameters(
            index = "0",
            paramLabel = "MODULE",
            description = "a catalogue module (cowsay:v0.0.1) or host/owner/repo:ref")
    String module;

    @Option(
            names = {"-i", "--input"},
            paramLabel = "NAME=VALUE",
            description = "a module input (repeatable)")
    Map<String, String> inputs = new LinkedHashMap<>();

    @Option(names = "--json", description = "print a machine-readable summary on stdout")
    boolean json;

    @Option(
            names = "--mediation-chance",
            paramLabel = "PERCENT",
            description =
                    "share of jobs (0-100) whose results a mediator checks instead of accepting (MEDIATION_CHANCE)")
    Integer mediationChance;

    @Option(
            names = "--match-timeout",
            paramLabel = "DURATION",
            description = "how long to wait for a match (JOBCREATOR_MATCH_TIMEOUT, default 2m)")
    String matchTimeout;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = DEFAULT_TIMEOUT,
            description = "how long to wait for the whole job (default ${DEFAULT-VALUE})")
    String timeout;

    static final String DEFAULT_TIMEOUT = "10m";

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    public RunCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /**
     * Parses {@code args} and runs; returns the exit code. A plain command line, as people type it
     * ({@code cowsay:v0.0.1 -i Message=moo}), is read by {@link #parsedPlainly}: picocli takes a
     * quarter of a second of a run's start (its jar is Java 5 bytecode, which the class data
     * sharing archive leaves out, and it reads the annotations by reflection). Everything else,
     * {@code --help} and every mistake included, goes through picocli, which answers as always.
     */
    public static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        RunCommand command = new RunCommand(env, out, err);
        if (command.parsedPlainly(args)) {
            try {
                return command.call();
            } catch (RuntimeException e) {
                // As picocli reports what the command threw: the trace on stderr, exit code 1.
                e.printStackTrace(err);
                return 1;
            }
        }
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /**
     * Sets the fields as picocli would from a command line made only of the module and the
     * options in their separate-word form ({@code -i NAME=VALUE}, {@code --input NAME=VALUE},
     * {@code --json}, {@code --mediation-chance DIGITS}, {@code --match-timeout D}, {@code
     * --timeout D}), each option once (each input name as often as wanted), and returns true;
     * returns false, having set nothing, for anything else: help, attached values ({@code
     * --timeout=5m}), {@code @files}, {@code --}, a word starting with {@code -} or {@code @} where
     * a value goes, a repeated option, a missing module: picocli reads those (and words them).
     * {@code RunCommandTest} holds it to picocli's reading.
     */
    boolean parsedPlainly(String[] args) {
        String parsedModule = null;
        Map<String, String> parsedInputs = new LinkedHashMap<>();
        boolean parsedJson = false;
        Integer parsedChance = null;
        String parsedMatchTimeout = null;
        String parsedTimeout = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("-")) {
                if (arg.equals("--json")) {
                    if (parsedJson) return false;
                    parsedJson = true;
                    continue;
                }
                if (i + 1 >= args.length || !plainValue(args[i + 1])) return false;
                String value = args[++i];
                switch (arg) {
                    case "-i", "--input" -> {
                        int equals = value.indexOf('=');
                        if (equals <= 0) return false;
                        parsedInputs.put(value.substring(0, equals), value.substring(equals + 1));
                    }
                    case "--mediation-chance" -> {
                        if (parsedChance != null || !value.matches("[0-9]{1,9}")) return false;
                        parsedChance = Integer.valueOf(value);
                    }
                    case "--match-timeout" -> {
                        if (parsedMatchTimeout != null) return false;
                        parsedMatchTimeout = value;
                    }
                    case "--timeout" -> {
                        if (parsedTimeout != null) return false;
                        parsedTimeout = value;
                    }
                    default -> {
                        return false;
                    }
                }
            } else {
                if (parsedModule != null || !plainValue(arg) || arg.indexOf('=') >= 0) return false;
                parsedModule = arg;
            }
        }
        if (parsedModule == null) return false;
        module = parsedModule;
        inputs = parsedInputs;
        json = parsedJson;
        mediationChance = parsedChance;
        matchTimeout = parsedMatchTimeout;
        timeout = parsedTimeout == null ? DEFAULT_TIMEOUT : parsedTimeout;
        return true;
    }

    /** A word picocli takes as it is: not an option, an {@code @file} or a quoted value. */
    private static boolean plainValue(String word) {
        return !word.isEmpty() && !word.startsWith("-") && !word.startsWith("@") && word.indexOf('"') < 0;
    }

    /**
     * A command prints its own progress: the services' log lines are for daemons. {@code LOG_LEVEL}
     * (error by default) shows them, on stderr.
     */
    static void quietLogs(Map<String, String> env) {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            String level = env.getOrDefault("LOG_LEVEL", "error");
            ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.setLevel(ch.qos.logback.classic.Level.toLevel(level, ch.qos.logback.classic.Level.ERROR));
            // stdout is the job's output (or the --json summary): log lines go to stderr.
            for (var appenders = root.iteratorForAppenders(); appenders.hasNext(); ) {
                if (appenders.next() instanceof ch.qos.logback.core.ConsoleAppender<?> console
                        && !"System.err".equals(console.getTarget())) {
                    console.stop();
                    console.setTarget("System.err");
                    console.start();
                }
            }
        }
    }

    /** One folder per run: a run drives its own job only, never those of earlier runs. */
    private static String runFolder() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(java.time.Instant.now())
                + "-" + Long.toHexString(new SecureRandom().nextLong() & 0xffffffL);
    }

    @Override
    public Integer call() {
        quietLogs(env);
        Web3Properties web3;
        try {
            web3 = Web3Properties.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        SentTransactionRelay relay = new SentTransactionRelay();
        BackgroundConnect<Web3ChainClient> connecting = BackgroundConnect.start(() -> Web3ChainClient.connect(
                web3, ChainClientOptions.defaults().withRetry(CLI_RETRY).withTransactionListener(relay)));
        JobCreatorEnvironment config;
        ModuleReference reference;
        Duration runTimeout;
        EngineSettings settings;
        try {
            config = JobCreatorEnvironment.read(env);
            reference = ModuleReference.parse(module);
            runTimeout = Durations.parse("--timeout", timeout);
            settings = config.engine().withAdoptDeals(false);
            if (mediationChance != null) settings = settings.withMediationChance(mediationChance);
            if (matchTimeout != null) {
                settings = settings.withMatchTimeout(Durations.parse("--match-timeout", matchTimeout));
            }
        } catch (RuntimeException e) {
            connecting.abandon();
            if (!(e instanceof IllegalArgumentException)) throw e;
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }

        Web3ChainClient chain;
        try {
            chain = connecting.await();
        } catch (InterruptedException e) {
            connecting.abandon();
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return ExitCodes.INTERRUPTED;
        } catch (ChainUnavailableException e) {
            err.println("error: the chain is unreachable at " + config.web3().redactedRpcUrl() + ": " + e.getMessage());
            return ExitCodes.CHAIN_UNREACHABLE;
        } catch (IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try (chain) {
            URI solverUrl;
            try {
                solverUrl = SolverLocator.locate(chain, settings.parties(), env);
            } catch (ChainUnavailableException e) {
                err.println("error: the chain is unreachable: " + e.getMessage());
                return ExitCodes.CHAIN_UNREACHABLE;
            } catch (IllegalStateException e) {
                err.println("error: " + e.getMessage());
                return ExitCodes.SOLVER_UNREACHABLE;
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            HttpSolverClient solver = new HttpSolverClient(
                    solverUrl,
                    new RequestSigner(config.web3().credentials()),
                    SolverClientSettings.DEFAULTS.withMaxAttempts(3));
            SecureRandom random = new SecureRandom();
            JobCreatorEngine engine = new JobCreatorEngine(
                    settings,
                    solver,
                    chain,
                    Modules.any(new ModuleLoader(settings.dataDir().resolve("modules"))),
                    // Not the daemon's folder: a daemon with the same key adopts a run's deals from
                    // the solver instead of racing this process over its files.
                    new FileJobStore(settings.dataDir().resolve("runs").resolve(runFolder())),
                    MatchExplainer.of(solver),
                    Clock.systemUTC(),
                    () -> random.nextInt(100));
            relay.relayTo(engine.transactionListener());
            RunSession session =
                    new RunSession(engine, Duration.ofSeconds(1), out, err, Clock.systemUTC(), json, OUTAGE_GRACE);
            Thread hook = new Thread(session::cancel, "run-cancel");
            Runtime.getRuntime().addShutdownHook(hook);
            ChainEvents events = chain.events();
            try (SolverEventStream stream = SolverEventStream.open(solverUrl, event -> {
                        engine.heard(event);
                        session.trigger();
                    });
                    EventStream dealChanges = events.dealStateChanges(events.latest(), event -> session.trigger())) {
                dealChanges.start();
                JobRequest request = JobRequest.of(module, reference.toConfig(), inputs, JobSource.CLI);
                return session.run(request, runTimeout);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // The JVM is shutting down (Ctrl-C): the hook is running and prints what is left.
                }
            }
        }
    }
}
