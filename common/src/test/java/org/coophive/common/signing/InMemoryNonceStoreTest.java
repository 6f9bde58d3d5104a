package org.coophive.common.signing;

import static org.assertj.core.api.Assertions.assertThat;

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

class InMemoryNonceStoreTest {

    private static final String ALICE = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private static final String BOB = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final String NONCE = "00112233445566778899aabbccddeeff";

    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final InMemoryNonceStore store = new InMemoryNonceStore(clock);

    @Test
    void shouldRefuseANonceWhenTheSameAddressUsesItAgain() {
        Instant expiresAt = clock.instant().plusSeconds(300);

        assertThat(store.firstUse(ALICE, NONCE, expiresAt)).isTrue();
        assertThat(store.firstUse(ALICE, NONCE, expiresAt)).isFalse();
    }

    @Test
    void shouldAcceptANonceWhenAnotherAddressUsedIt() {
        Instant expiresAt = clock.instant().plusSeconds(300);

        assertThat(store.firstUse(ALICE, NONCE, expiresAt)).isTrue();
        assertThat(store.firstUse(BOB, NONCE, expiresAt)).isTrue();
    }

    @Test
    void shouldTreatCaseVariantsAsOneNonceWhenAddressOrNonceChangeCase() {
        Instant expiresAt = clock.instant().plusSeconds(300);

        assertThat(store.firstUse(ALICE, NONCE, expiresAt)).isTrue();
        assertThat(store.firstUse(ALICE.toLowerCase(), NONCE.toUpperCase(), expiresAt))
                .isFalse();
    }

    @Test
    void shouldStillRefuseTheNonceWhenTheClockIsExactlyAtItsExpiry() {
        Instant expiresAt = clock.instant().plusSeconds(300);
        store.firstUse(ALICE, NONCE, expiresAt);

        clock.set(expiresAt);

        assertThat(store.firstUse(ALICE, NONCE, expiresAt)).isFalse();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void shouldForgetExpiredNoncesWhenTheirExpiryHasPassed() {
        Instant expiresAt = clock.instant().plusSeconds(300);
        for (int i = 0; i < 1_000; i++) {
            assertThat(store.firstUse(ALICE, "nonce-" + i, expiresAt)).isTrue();
        }
        assertThat(store.size()).isEqualTo(1_000);

        clock.advance(Duration.ofSeconds(301));
        store.firstUse(BOB, NONCE, clock.instant().plusSeconds(300));

        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void shouldKeepUnexpiredNoncesWhenSweepingExpiredOnes() {
        Instant now = clock.instant();
        store.firstUse(ALICE, "short", now.plusSeconds(10));
        store.firstUse(ALICE, "long", now.plusSeconds(600));

        clock.advance(Duration.ofSeconds(11));
        store.firstUse(BOB, NONCE, clock.instant().plusSeconds(300));

        assertThat(store.size()).isEqualTo(2);
        assertThat(store.firstUse(ALICE, "long", now.plusSeconds(600))).isFalse();
    }

    @Test
    void shouldGrantExactlyOneFirstUseWhenEightThreadsRecordTheSameNonce() throws Exception {
        Instant expiresAt = clock.instant().plusSeconds(300);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.firstUse(ALICE, NONCE, expiresAt);
                }));
            }
            start.countDown();

            int firstUses = 0;
            for (Future<Boolean> result : results) {
                firstUses += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(firstUses).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
