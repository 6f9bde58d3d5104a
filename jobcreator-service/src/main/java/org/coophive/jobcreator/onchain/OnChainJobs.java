package org.coophive.jobcreator.onchain;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coophive.common.chain.ChainEvent;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.ChainUnavailableException;
import org.coophive.common.chain.ContractRevertException;
import org.coophive.common.chain.CursorFile;
import org.coophive.common.chain.EventCheckpoint;
import org.coophive.common.chain.EventCursor;
import org.coophive.common.chain.EventStream;
import org.coophive.common.chain.JobAdded;
import org.coophive.common.chain.OnChainJob;
import org.coophive.common.chain.OnChainJobManager;
import org.coophive.common.chain.OnChainJobStatus;
import org.coophive.common.model.ModuleConfig;
import org.coophive.common.model.UserText;
import org.coophive.executor.module.ModuleReference;
import org.coophive.jobcreator.deals.InvalidJobException;
import org.coophive.jobcreator.deals.JobCreatorEngine;
import org.coophive.jobcreator.deals.JobRequest;
import org.coophive.jobcreator.deals.JobSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-chain job creator: turns each {@code JobAdded} of the OnChainJobCreator contract into a
 * job of the engine, which runs its deal with this service's own funds and, once it ends, writes
 * the result back with {@code submitResults(jobId, dealId, dataId)} keyed by the job id (the
 * original keyed it by a deal id that was usually still empty), or refunds the payee. In our
 * contracts the calling contract pays the deposit into the job creator contract with the request
 * and the service is paid it by {@code submitResults}: nothing to collect up front.
 *
 * <p>Resumes from the saved cursor (common's {@link CursorFile}: a damaged one stops the start); an
 * event seen twice is recognised by its job id.
 */
public final class OnChainJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OnChainJobs.class);

    private final OnChainJobManager chain;
    private final ChainEvents events;
    private final JobCreatorEngine engine;
    private final CursorFile cursor;
    private final BigInteger deposit;
    private final Runnable trigger;
    private EventStream stream;

    public OnChainJobs(
            OnChainJobManager chain,
            ChainEvents events,
            JobCreatorEngine engine,
            Path cursorFile,
            BigInteger deposit,
            Runnable trigger) {
        this.chain = chain;
        this.events = events;
        this.engine = engine;
        this.cursor = new CursorFile(cursorFile);
        this.deposit = deposit;
        this.trigger = trigger;
    }

    /** Sets the deposit if it differs and starts listening; stays off if this key does not control the contract. */
    public void start() {
        try {
            if (!chain.getRequiredDeposit().equals(deposit)) {
                chain.setRequiredDeposit(deposit);
                log.info("on-chain jobs: required deposit set to {} wei", deposit);
            }
        } catch (ContractRevertException e) {
            log.warn(
                    "on-chain jobs are off: {} is not the controller of the on-chain job creator ({})",
                    chain.address(),
                    e.getMessage());
            return;
        }
        EventCheckpoint from = cursor.read().orElse(EventCheckpoint.unchecked(EventCursor.GENESIS));
        stream = events.jobsAdded(from, this::onJobAdded);
        stream.start();
        log.info(
                "on-chain jobs: listening for JobAdded after block {}",
                from.cursor().blockNumber());
    }

    void onJobAdded(ChainEvent<JobAdded> event) {
        try {
            handle(event.event());
        } catch (ChainUnavailableException e) {
            throw e; // delivered again on the next poll
        } catch (RuntimeException e) {
            // Never block the stream on one bad event: the job stays pending on chain.
            log.error("on-chain job {}: {}", event.event().id(), e.toString(), e);
        }
        cursor.write(EventCheckpoint.of(event));
        trigger.run();
    }

    /** Turns one request into a job, once. */
    void handle(JobAdded added) {
        String id = added.id().toString();
        if (engine.list().stream().anyMatch(job -> job.onChainJobId().equals(id))) return;
        Optional<OnChainJob> job = chain.getJob(added.id());
        if (job.isEmpty() || job.get().status() != OnChainJobStatus.PENDING) return;
        Map<String, String> inputs = new LinkedHashMap<>();
        String malformed = parseInputs(added.inputs(), inputs);
        ModuleConfig module;
        try {
            module = ModuleReference.parse(added.module()).toConfig();
        } catch (IllegalArgumentException e) {
            module = ModuleConfig.shortcut(added.module());
            malformed = malformed != null ? malformed : e.getMessage();
        }
        JobRequest request = new JobRequest(added.module(), module, inputs, JobSource.ON_CHAIN, id, null, null);
        if (malformed != null) {
            engine.reject(request, malformed);
            return;
        }
        try {
            engine.submit(request);
            log.info(
                    "on-chain job {} from {}: {} {}",
                    id,
                    added.callingContract(),
                    UserText.escape(added.module()),
                    UserText.escape(inputs.toString(), 500));
        } catch (InvalidJobException e) {
            engine.reject(request, e.getMessage());
        }
    }

    /** {@code KEY=value} strings into a map, split at the first {@code =}; returns what is malformed, or null. */
    static String parseInputs(List<String> entries, Map<String, String> into) {
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0) return "input \"" + entry + "\" is not KEY=value";
            into.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        return null;
    }

    @Override
    public void close() {
        if (stream != null) stream.close();
    }
}
