package org.coophive.faucet.drips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.coophive.common.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limits, on a clock the test moves, and what the journal keeps across restarts. */
class DripLedgerTest {

    private static final String ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final String BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private static final String CAROL = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
    private static final String CLIENT = "192.0.2.1";
    private static final String OTHER_CLIENT = "192.0.2.2";
    private static final DripLimits LIMITS = new DripLimits(Duration.ofHours(24), 2, 3);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));

    private DripLedger ledger(DripLimits limits) {
        return new DripLedger(dir, limits, clock);
    }

    private static void sent(DripLedger ledger, DripLedger.Reservation reservation) {
        ledger.sent(reservation, "0x" + "aa".repeat(32), "0x" + "bb".repeat(32), null);
    }

    @Test
    void shouldRefuseASecondDripToAnAddressWithinTheWindowAndSayWhenToComeBack() {
        DripLedger ledger = ledger(LIMITS);
        sent(ledger, ledger.reserve(ALICE, CLIENT));
        clock.advance(Duration.ofHours(23));

        LimitReachedException refusal =
                catchThrowableOfType(LimitReachedException.class, () -> ledger.reserve(ALICE, OTHER_CLIENT));

        assertThat(refusal.limit()).isEqualTo(LimitReachedException.Limit.ADDRESS);
        assertThat(refusal.retryAt()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(refusal.retryAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(refusal.getMessage())
                .contains(ALICE)
                .contains("every 24 hours")
                .contains("come back after 2026-12-07 10:00:00 UTC (in 1 h 0 min)".replace("come", "Come"));
    }

    @Test
    void shouldGiveTheAddressAnotherDripOnceTheWindowHasPassed() {
        DripLedger ledger = ledger(LIMITS);
        sent(ledger, ledger.reserve(ALICE, CLIENT));
        clock.advance(Duration.ofHours(24).plusSeconds(1));

        DripLedger.Reservation again = ledger.reserve(ALICE, CLIENT);

        assertThat(again.address()).isEqualTo(ALICE);
        assertThat(again.nextAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
    }

    @Test
    void shouldTreatAddressesThatDifferOnlyInCaseAsTheSameAddress() {
        DripLedger ledger = ledger(LIMITS);
        sent(ledger, ledger.reserve(ALICE.toLowerCase(), CLIENT));

        assertThatThrownBy(() -> ledger.reserve("0x" + ALICE.substring(2).toUpperCase(), OTHER_CLIENT))
                .isInstanceOf(LimitReachedException.class);
    }

    @Test
    void shouldRefuseAClientThatAskedForAsManyDripsAsItMayUntilItsOldestLeavesTheWindow() {
        DripLedger ledger = ledger(LIMITS);
        sent(ledger, ledger.reserve(ALICE, CLIENT));
        clock.advance(Duration.ofHours(2));
        sent(ledger, ledger.reserve(BOB, CLIENT));
        clock.advance(Duration.ofHours(1));

        LimitReachedException refusal =
                catchThrowableOfType(LimitReachedException.class, () -> ledger.reserve(CAROL, CLIENT));

        assertThat(refusal.limit()).isEqualTo(LimitReachedException.Limit.CLIENT);
        assertThat(refusal.retryAt()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(refusal.retryAfter()).isEqualTo(Duration.ofHours(21));
        // Another client may still ask for Carol.
        assertThat(ledger.reserve(CAROL, OTHER_CLIENT).address()).isEqualTo(CAROL);
    }

    @Test
    void shouldStopAtTheDailyCapForEveryoneUntilTheOldestDripIsADayOld() {
        DripLedger ledger = ledger(new DripLimits(Duration.ofHours(1), 10, 3));
        List<String> addresses = List.of(ALICE, BOB, CAROL);
        for (int i = 0; i < 3; i++) {
            sent(ledger, ledger.reserve(addresses.get(i), "198.51.100." + i));
            clock.advance(Duration.ofHours(1));
        }
        String dave = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";

        LimitReachedException refusal =
                catchThrowableOfType(LimitReachedException.class, () -> ledger.reserve(dave, "203.0.113.9"));

        assertThat(refusal.limit()).isEqualTo(LimitReachedException.Limit.DAILY_CAP);
        assertThat(refusal.retryAt()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(ledger.dripsLastDay()).isEqualTo(3);

        clock.set(refusal.retryAt().plusSeconds(1));
        assertThat(ledger.reserve(dave, "203.0.113.9").address()).isEqualTo(dave);
    }

    @Test
    void shouldNotCountADripThatWasReleasedBecauseNothingWasSent() {
        DripLedger ledger = ledger(LIMITS);
        ledger.released(ledger.reserve(ALICE, CLIENT), "the node refused it");

        assertThat(ledger.reserve(ALICE, CLIENT).address()).isEqualTo(ALICE);
        assertThat(ledger.dripsLastDay()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheLimitsAcrossARestart() {
        DripLedger before = ledger(LIMITS);
        sent(before, before.reserve(ALICE, CLIENT));
        before.released(before.reserve(BOB, CLIENT), "nothing sent");
        clock.advance(Duration.ofMinutes(30));

        DripLedger after = ledger(LIMITS);

        assertThatThrownBy(() -> after.reserve(ALICE, OTHER_CLIENT))
                .isInstanceOf(LimitReachedException.class)
                .hasMessageContaining("Come back after 2026-12-07 10:00:00 UTC");
        assertThat(after.reserve(BOB, OTHER_CLIENT).address()).isEqualTo(BOB);
    }

    @Test
    void shouldCountADripWhoseFateIsUnknownAfterACrashBetweenReservingAndSending() {
        DripLedger before = ledger(LIMITS);
        before.reserve(ALICE, CLIENT); // then the process died: no sent, no released line

        DripLedger after = ledger(LIMITS);

        assertThatThrownBy(() -> after.reserve(ALICE, OTHER_CLIENT)).isInstanceOf(LimitReachedException.class);
        assertThat(after.pending()).isZero();
    }

    @Test
    void shouldSkipATornLastLineAndWriteTheNextEntryOnALineOfItsOwn() throws IOException {
        DripLedger before = ledger(LIMITS);
        sent(before, before.reserve(ALICE, CLIENT));
        Path file = dir.resolve("drips-2026-12-06.jsonl");
        Files.writeString(file, "{\"event\":\"reserved\",\"id\":\"x\",\"at\":\"2026-12", StandardOpenOption.APPEND);

        DripLedger after = ledger(LIMITS);
        sent(after, after.reserve(BOB, CLIENT));

        assertThatThrownBy(() -> after.reserve(ALICE, OTHER_CLIENT)).isInstanceOf(LimitReachedException.class);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(lines.size() - 1)).startsWith("{\"event\":\"sent\"");
        // And the journal still reads after that.
        assertThatThrownBy(() -> ledger(LIMITS).reserve(BOB, OTHER_CLIENT)).isInstanceOf(LimitReachedException.class);
    }

    @Test
    void shouldRefuseToStartOnAJournalWithAnUnreadableLineInTheMiddle() throws IOException {
        DripLedger before = ledger(LIMITS);
        sent(before, before.reserve(ALICE, CLIENT));
        Path file = dir.resolve("drips-2026-12-06.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.add(0, "not json");
        Files.write(file, lines);

        assertThatThrownBy(() -> ledger(LIMITS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("line 1 of the drip journal");
    }

    @Test
    void shouldDeleteJournalFilesOlderThanAnyLimitNeeds() {
        DripLedger ledger = ledger(LIMITS);
        sent(ledger, ledger.reserve(ALICE, CLIENT));
        clock.advance(Duration.ofDays(3));

        DripLedger later = ledger(LIMITS);

        assertThat(dir.resolve("drips-2026-12-06.jsonl")).doesNotExist();
        assertThat(later.dripsLastDay()).isZero();
    }

    @Test
    void shouldReserveExactlyOneDripWhenManyThreadsAskForOneAddressAtOnce() throws Exception {
        DripLedger ledger = ledger(new DripLimits(Duration.ofHours(24), 100, 100));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                start.await();
                try {
                    ledger.reserve(ALICE, CLIENT);
                    return true;
                } catch (LimitReachedException e) {
                    return false;
                }
            }));
        }
        start.countDown();
        int reserved = 0;
        for (Future<Boolean> result : results) if (result.get(10, TimeUnit.SECONDS)) reserved++;
        pool.shutdownNow();

        assertThat(reserved).isEqualTo(1);
    }
}
