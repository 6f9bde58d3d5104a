package org.coophive.jobcreator.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What keeps a finished {@code run} from exiting at once: the HttpClient selector threads. */
class ProcessExitTest {

    HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static List<Thread> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> ProcessExit.HTTP_CLIENT_SELECTOR
                        .matcher(thread.getName())
                        .matches())
                .filter(Thread::isAlive)
                .toList();
    }

    @Test
    void shouldEndTheSelectorThreadOfAClientStillInUseWhenStopping() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> answer = client.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body()).isEqualTo("ok");
        // The client is still referenced: its selector would stay blocked in native code for good.
        assertThat(selectorThreads()).isNotEmpty();

        List<Thread> alive = ProcessExit.stopHttpClientSelectors(Duration.ofSeconds(5));

        assertThat(alive).isEmpty();
        assertThat(selectorThreads()).isEmpty();
        assertThat(client).isNotNull();
    }
}
