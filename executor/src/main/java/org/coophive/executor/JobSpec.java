package org.coophive.executor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.coophive.common.model.Privileges;

/**
 * One job, ready to run: a module rendered with its inputs. Executors run exactly this; the
 * module layer ({@code org.coophive.executor.module}) produces it.
 *
 * @param module the module reference as the user gave it (e.g. {@code cowsay:v0.0.1}), for logs
 * @param image the container image, which must already be present locally unless the executor's
 *     image policy allows pulling
 * @param command the command to run, one argument per element, no shell in between
 * @param env environment variables of the job
 * @param cpuMillis CPU limit in milli-CPU (1000 = one core)
 * @param memoryMb memory limit in megabytes
 * @param gpus whole GPUs the job needs (0 for none)
 * @param timeout the job is killed and reported as timed out after this
 * @param network whether the job may reach the network (off unless the module asks)
 * @param outputsPath the directory inside the container whose contents become {@code outputs/}
 * @param verification how a mediator may check the results
 * @param privileges what the job asks for beyond the sandbox ({@link Privileges#NONE} for almost
 *     every module): the executor applies exactly this when its provider grants it, and refuses
 *     the job otherwise
 * @param privilegesReason why the module needs them, in its author's words ({@code ""} when it
 *     asks for none)
 */
public record JobSpec(
        String module,
        String image,
        List<String> command,
        Map<String, String> env,
        long cpuMillis,
        long memoryMb,
        int gpus,
        Duration timeout,
        boolean network,
        String outputsPath,
        Verification verification,
        Privileges privileges,
        String privilegesReason) {

    public JobSpec {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(image, "image");
        command = List.copyOf(command);
        env = Map.copyOf(env);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(outputsPath, "outputsPath");
        Objects.requireNonNull(verification, "verification");
        privileges = privileges == null ? Privileges.NONE : privileges;
        privilegesReason = privilegesReason == null ? "" : privilegesReason;
        if (cpuMillis <= 0) throw new IllegalArgumentException("cpuMillis must be positive: " + cpuMillis);
        if (memoryMb <= 0) throw new IllegalArgumentException("memoryMb must be positive: " + memoryMb);
        if (gpus < 0) throw new IllegalArgumentException("gpus must not be negative: " + gpus);
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    }

    /** A job that asks for no privileges: the locked-down sandbox. */
    public JobSpec(
            String module,
            String image,
            List<String> command,
            Map<String, String> env,
            long cpuMillis,
            long memoryMb,
            int gpus,
            Duration timeout,
            boolean network,
            String outputsPath,
            Verification verification) {
        this(
                module,
                image,
                command,
                env,
                cpuMillis,
                memoryMb,
                gpus,
                timeout,
                network,
                outputsPath,
                verification,
                Privileges.NONE,
                "");
    }

    /** How results of a module may be verified by re-running it. */
    public enum Verification {
        /** The same inputs give byte-identical outputs: a mediator compares data ids. */
        EXACT,
        /** Outputs vary between runs (e.g. sampling models): a re-run proves nothing. */
        NONE
    }
}
