package org.coophive.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealthProbeTest {

    @Test
    void shouldReportTheStatusCodeTheHealthEndpointAnswers() throws Exception {
        AtomicInteger answer = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/actuator/health", exchange -> {
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            assertThat(HealthProbe.status(port)).isEqualTo(200);

            answer.set(503);
            assertThat(HealthProbe.status(port)).isEqualTo(503);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldReportNoAnswerWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        assertThat(HealthProbe.status(port)).isEqualTo(HealthProbe.NO_ANSWER);
    }
}
