package org.coophive.faucet.drips;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.coophive.common.model.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drips that count towards the limits, and the limits themselves: one drip per address per
 * window, {@code perClient} drips per client per window, {@code dailyCap} drips in any 24 hours.
 * Every change is written to the {@link DripJournal} first, so the limits hold across restarts.
 *
 * <p>A drip counts from its reservation on, whether it was then sent or the faucet died before
 * knowing (a drip of unknown fate is counted rather than risk sending it twice); a drip released
 * (nothing was sent) does not count. All methods are atomic: {@link #reserve} checks and reserves
 * in one step, so two requests for one address can never both pass.
 */
public final class DripLedger {

    private static final Logger log = LoggerFactory.getLogger(DripLedger.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final DripJournal journal;
    private final DripLimits limits;
    private final Clock clock;
    /** Drips within the horizon by id, oldest first. */
    private final Map<String, Drip> drips = new LinkedHashMap<>();

    /** A drip that counts. {@code pending}: reserved by this process and not yet settled. */
    private record Drip(String id, String address, String client, Instant at, boolean pending) {}

    /**
     * A reserved drip, to be settled with {@link #sent} or {@link #released}.
     *
     * @param id the drip's id
     * @param address the recipient, checksummed
     * @param at when it was reserved
     * @param nextAt when the address may have its next drip
     */
    public record Reservation(String id, String address, Instant at, Instant nextAt) {}

    /** Opens the journal in {@code dir} and reads the drips that still count. */
    public DripLedger(Path dir, DripLimits limits, Clock clock) {
        this.journal = new DripJournal(dir);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        Instant since = clock.instant().minus(limits.horizon());
        for (JournalEntry entry : journal.readSince(since)) {
            switch (entry.event()) {
                case JournalEntry.RESERVED -> drips.put(
                        entry.id(),
                        new Drip(entry.id(), entry.address(), entry.client(), Instant.parse(entry.at()), false));
                case JournalEntry.RELEASED -> drips.remove(entry.id());
                default -> {
                    // sent: the drip counts already, from its reserved line.
                }
            }
        }
        prune(clock.instant());
        log.info("drip journal {}: {} drips count towards the limits ({})", dir, drips.size(), limits);
    }

    /** The limits this ledger enforces. */
    public DripLimits limits() {
        return limits;
    }

    /**
     * Refuses a drip that a limit forbids, without reserving anything.
     *
     * @throws LimitReachedException naming the limit and when to come back
     */
    public synchronized void check(String address, String client) {
        check(address, client, clock.instant());
    }

    /**
     * Checks the limits and, if none forbids it, reserves a drip for {@code address} asked for by
     * {@code client}, written to the journal before this returns.
     *
     * @throws LimitReachedException naming the limit and when to come back
     */
    public synchronized Reservation reserve(String address, String client) {
        Instant now = clock.instant();
        String recipient = Addresses.checksummed(address);
        check(recipient, client, now);
        String id = UUID.randomUUID().toString();
        journal.append(
                now, new JournalEntry(JournalEntry.RESERVED, id, now.toString(), recipient, client, null, null, null));
        drips.put(id, new Drip(id, recipient, client, now, true));
        return new Reservation(id, recipient, now, now.plus(limits.window()));
    }

    /** The reserved drip was sent (both hashes, or the one that was sent before a failure). */
    public synchronized void sent(Reservation reservation, String etherTx, String tokenTx, String failure) {
        journal.append(
                reservation.at(),
                new JournalEntry(
                        JournalEntry.SENT,
                        reservation.id(),
                        reservation.at().toString(),
                        null,
                        null,
                        etherTx,
                        tokenTx,
                        failure));
        settle(reservation.id());
    }

    /** Nothing of the reserved drip was sent: it no longer counts. */
    public synchronized void released(Reservation reservation, String reason) {
        journal.append(
                reservation.at(),
                new JournalEntry(
                        JournalEntry.RELEASED,
                        reservation.id(),
                        reservation.at().toString(),
                        null,
                        null,
                        null,
                        null,
                        reason));
        drips.remove(reservation.id());
    }

    /** How many drips this process reserved and has not settled yet (their transactions may be in flight). */
    public synchronized int pending() {
        return (int) drips.values().stream().filter(Drip::pending).count();
    }

    /** The drips given in the last 24 hours (the daily cap's count). */
    public synchronized int dripsLastDay() {
        Instant now = clock.instant();
        prune(now);
        Instant since = now.minus(DripLimits.DAY);
        return (int) drips.values().stream().filter(d -> d.at().isAfter(since)).count();
    }

    private void settle(String id) {
        Drip drip = drips.get(id);
        if (drip != null) drips.put(id, new Drip(drip.id(), drip.address(), drip.client(), drip.at(), false));
    }

    private void check(String address, String client, Instant now) {
        prune(now);
        Instant windowStart = now.minus(limits.window());
        Instant dayStart = now.minus(DripLimits.DAY);
        List<Drip> ofAddress = new ArrayList<>();
        List<Drip> ofClient = new ArrayList<>();
        List<Drip> ofDay = new ArrayList<>();
        for (Drip drip : drips.values()) {
            if (drip.at().isAfter(windowStart)) {
                if (Addresses.equal(drip.address(), address)) ofAddress.add(drip);
                if (drip.client().equals(client)) ofClient.add(drip);
            }
            if (drip.at().isAfter(dayStart)) ofDay.add(drip);
        }
        if (!ofAddress.isEmpty()) {
            Drip last = latest(ofAddress);
            Instant retryAt = last.at().plus(limits.window());
            throw refusal(
                    LimitReachedException.Limit.ADDRESS,
                    now,
                    retryAt,
                    Addresses.checksummed(address) + " had a drip at " + WHEN.format(last.at())
                            + "; one drip per address every " + human(limits.window())
                            + ". Come back after " + when(now, retryAt));
        }
        if (ofClient.size() >= limits.perClient()) {
            Instant retryAt = oldestToLeave(ofClient, limits.perClient(), limits.window());
            throw refusal(
                    LimitReachedException.Limit.CLIENT,
                    now,
                    retryAt,
                    "you asked for " + ofClient.size() + " drips in the last " + human(limits.window())
                            + ", the most one client may; come back after " + when(now, retryAt));
        }
        if (ofDay.size() >= limits.dailyCap()) {
            Instant retryAt = oldestToLeave(ofDay, limits.dailyCap(), DripLimits.DAY);
            throw refusal(
                    LimitReachedException.Limit.DAILY_CAP,
                    now,
                    retryAt,
                    "the faucet gave its " + limits.dailyCap() + " drips of the last 24 hours; come back after "
                            + when(now, retryAt));
        }
    }

    /** When enough of these drips have left the period for one more to fit under {@code max}. */
    private static Instant oldestToLeave(List<Drip> inPeriod, int max, Duration period) {
        List<Drip> sorted =
                inPeriod.stream().sorted(Comparator.comparing(Drip::at)).toList();
        return sorted.get(sorted.size() - max).at().plus(period);
    }

    private static Drip latest(List<Drip> drips) {
        return drips.stream().max(Comparator.comparing(Drip::at)).orElseThrow();
    }

    private static LimitReachedException refusal(
            LimitReachedException.Limit limit, Instant now, Instant retryAt, String message) {
        Duration wait = Duration.between(now, retryAt);
        // Retry-After is in whole seconds: round up, so coming back then is never too early.
        long seconds = Math.max(
                1, wait.plusNanos(999_999_999).truncatedTo(ChronoUnit.SECONDS).getSeconds());
        return new LimitReachedException(limit, retryAt, Duration.ofSeconds(seconds), message);
    }

    /** Forgets drips older than the horizon; they count towards no limit any more. */
    private void prune(Instant now) {
        Instant horizon = now.minus(limits.horizon());
        drips.values().removeIf(drip -> !drip.at().isAfter(horizon) && !drip.pending());
    }

    /** {@code 2026-12-07 22:50:31 UTC (in 23 h 59 min)}. */
    static String when(Instant now, Instant at) {
        long seconds = Math.max(1, Duration.between(now, at).toSeconds());
        String in;
        if (seconds < 60) {
            in = seconds + " s";
        } else if (seconds < 3600) {
            in = (seconds + 59) / 60 + " min";
        } else {
            long minutes = (seconds + 59) / 60;
            in = minutes / 60 + " h " + minutes % 60 + " min";
        }
        return WHEN.format(at) + " (in " + in + ")";
    }

    /** A duration for people: 24 hours, 90 minutes, 45 seconds. */
    static String human(Duration duration) {
        if (duration.toSeconds() % 3600 == 0) {
            long hours = duration.toHours();
            return hours == 1 ? "hour" : hours + " hours";
        }
        if (duration.toSeconds() % 60 == 0) {
            long minutes = duration.toMinutes();
            return minutes == 1 ? "minute" : minutes + " minutes";
        }
        long seconds = duration.toSeconds();
        return seconds == 1 ? "second" : seconds + " seconds";
    }
}
