package org.coophive.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests a service must refuse with RFC 9457 Problem Details of a documented type (never
 * Tomcat's HTML page nor Spring Boot's error JSON), sent raw over a socket as a hostile client
 * would: an encoded slash, {@code %00}, a bare {@code %}, a header over the container's limit,
 * and unknown routes.
 */
public final class HostileRequests {

    /** What every documented problem type starts with. */
    public static final String TYPES = "https://coophive.network/problems/";

    private HostileRequests() {}

    /**
     * Sends each hostile request to {@code 127.0.0.1:port} and asserts its status, {@code
     * application/problem+json} and the documented {@code type}; {@code unknownRoutes} are paths
     * that must be a 404 {@code not-found}.
     */
    public static void assertRefusedAsProblems(int port, String... unknownRoutes) throws IOException {
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("an encoded slash", new String[] {"GET /a%2Fb HTTP/1.1", "400", "invalid-request"});
        cases.put("a NUL", new String[] {"GET /a%00b HTTP/1.1", "400", "invalid-request"});
        cases.put("a bare %", new String[] {"GET /% HTTP/1.1", "400", "invalid-request"});
        cases.put(
                "an oversized header",
                new String[] {"GET / HTTP/1.1\r\nX-Large: " + "a".repeat(20_000), "400", "invalid-request"});
        for (String route : unknownRoutes) {
            cases.put("unknown route " + route, new String[] {"GET " + route + " HTTP/1.1", "404", "not-found"});
        }
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            String response = send(port, c.getValue()[0]);
            String shown = c.getKey();
            assertThat(response).as(shown).startsWith("HTTP/1.1 " + c.getValue()[1] + " ");
            String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")))
                    .toLowerCase(Locale.ROOT);
            assertThat(head).as(shown).contains("content-type: application/problem+json");
            String body = body(response);
            JsonNode problem = JsonMapper.builder().build().readTree(body);
            assertThat(problem.path("type").asString()).as(shown + ": " + body).isEqualTo(TYPES + c.getValue()[2]);
            assertThat(problem.path("status").asInt()).as(shown).isEqualTo(Integer.parseInt(c.getValue()[1]));
            assertThat(body).as(shown).doesNotContain("Exception").doesNotContain("org.");
        }
    }

    private static String send(int port, String head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The response body, de-chunked when it came in chunks. */
    private static String body(String response) {
        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        if (!head.contains("transfer-encoding: chunked")) return body;
        StringBuilder whole = new StringBuilder();
        for (int at = 0; ; ) {
            int eol = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, eol).strip(), 16);
            if (size == 0) break;
            whole.append(body, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return whole.toString();
    }
}
