package org.coophive.jobcreator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.coophive.common.chain.ChainUnavailableException;
import org.coophive.common.testing.Await;
import org.junit.jupiter.api.Test;

/** The chain connection {@code run} makes while it reads its other settings. */
class BackgroundConnectTest {

    /** A client that records its closing. */
    static final class Client implements AutoCloseable {
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void shouldHandTheClientOverWhenConnected() throws Exception {
        Client client = new Client();

        BackgroundConnect<Client> connecting = BackgroundConnect.start(() -> client);

        assertThat(connecting.await()).isSameAs(client);
        assertThat(client.closed).isFalse();
    }

    @Test
    void shouldThrowWhatConnectingThrewWhenAwaited() {
        BackgroundConnect<Client> connecting = BackgroundConnect.start(() -> {
            throw new ChainUnavailableException("read the chain id failed after 4 attempts", null);
        });

        assertThatThrownBy(connecting::await)
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessage("read the chain id failed after 4 attempts");
    }

    @Test
    void shouldCloseAClientThatArrivesAfterTheRunStoppedWithABadSetting() throws Exception {
        CountDownLatch nodeAnswers = new CountDownLatch(1);
        Client client = new Client();
        BackgroundConnect<Client> connecting = BackgroundConnect.start(() -> {
            try {
                // The abandon() below interrupts this wait; the client still arrives, as a
                // connection that was already made would.
                nodeAnswers.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return client;
        });

        connecting.abandon();
        nodeAnswers.countDown();

        Await.until(Duration.ofSeconds(5), "the late client is closed", client.closed::get);
    }
}
