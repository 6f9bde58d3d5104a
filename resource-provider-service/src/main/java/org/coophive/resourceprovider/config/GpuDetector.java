package org.coophive.resourceprovider.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts this machine's GPUs with {@code nvidia-smi -L} (one {@code GPU n: ...} line each). No
 * {@code nvidia-smi} on the path means no GPU; so does a failing one (logged).
 */
final class GpuDetector {

    private static final Logger log = LoggerFactory.getLogger(GpuDetector.class);

    private final String command;

    /** @param command the {@code nvidia-smi} binary to run (a name on the PATH or a path) */
    GpuDetector(String command) {
        this.command = command;
    }

    /** The GPUs {@code nvidia-smi -L} lists; 0 when it is absent or fails. */
    int count() {
        Process process;
        try {
            process = new ProcessBuilder(List.of(command, "-L"))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            log.debug("no {} on this machine ({}): counting 0 GPUs", command, e.getMessage());
            return 0;
        }
        try (InputStream out = process.getInputStream()) {
            String listing = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                log.warn("{} -L did not finish in 30 s: counting 0 GPUs", command);
                return 0;
            }
            if (process.exitValue() != 0) {
                log.warn("{} -L failed (exit {}): counting 0 GPUs: {}", command, process.exitValue(), listing.strip());
                return 0;
            }
            return (int) listing.lines().filter(line -> line.startsWith("GPU ")).count();
        } catch (IOException e) {
            log.warn("reading {} -L failed: counting 0 GPUs", command, e);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return 0;
        }
    }

    /**
     * Refuses an offer of more GPUs than the machine has.
     *
     * @throws InvalidConfigurationException naming {@code OFFER_GPU} when the slots need more GPUs
     *     than were found
     */
    static void check(OfferProperties offer, int present) {
        long needed = (long) offer.gpus() * offer.count();
        if (needed > present) {
            throw new InvalidConfigurationException(OfferProperties.GPU + " (--offer-gpu) offers " + offer.gpus()
                    + " GPU(s) in each of " + offer.count() + " slot(s), " + needed + " in all, but this machine has "
                    + present + " (nvidia-smi -L)");
        }
    }
}
