package org.coophive.solver.events;

import java.util.List;
import java.util.Map;
import org.coophive.common.solver.ProblemDetails;
import org.coophive.common.solver.SolverProblemType;
import org.coophive.solver.web.ProblemBodies;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.HandshakeInterceptor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event stream at {@code /api/v1/ws}. Unauthenticated and read-only, so any origin may
 * connect. A malformed filter fails the handshake with a 400 Problem Details body.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class EventSocketConfiguration implements WebSocketConfigurer {

    static final String PATH = "/api/v1/ws";

    /** Events a client may lag behind before it is dropped. */
    static final int QUEUE_CAPACITY = 1024;

    /** How long one send may block before the client counts as gone. */
    static final long SEND_TIMEOUT_MILLIS = 10_000;

    private final EventSocketHandler handler;

    EventSocketConfiguration(EventSocketHandler handler) {
        this.handler = handler;
    }

    @Bean
    static EventSocketHandler eventSocketHandler(EventBus bus, JsonMapper json) {
        return new EventSocketHandler(bus, json, QUEUE_CAPACITY, SEND_TIMEOUT_MILLIS);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, PATH)
                .addInterceptors(new FilterHandshake())
                .setAllowedOrigins("*");
    }

    /** Reads the client's filter from the query, or refuses the handshake. */
    static final class FilterHandshake implements HandshakeInterceptor {

        @Override
        public boolean beforeHandshake(
                ServerHttpRequest request,
                ServerHttpResponse response,
                WebSocketHandler wsHandler,
                Map<String, Object> attributes)
                throws java.io.IOException {
            try {
                attributes.put(
                        EventSocketHandler.FILTER,
                        EventFilter.parse(request.getURI().getRawQuery()));
                return true;
            } catch (IllegalArgumentException e) {
                ProblemDetails problem = ProblemDetails.of(
                        SolverProblemType.INVALID_REQUEST,
                        e.getMessage(),
                        request.getURI().getRawPath(),
                        List.of());
                response.setStatusCode(HttpStatus.BAD_REQUEST);
                response.getHeaders().set(HttpHeaders.CONTENT_TYPE, ProblemBodies.CONTENT_TYPE);
                response.getBody().write(ProblemBodies.bytes(problem));
                return false;
            }
        }

        @Override
        public void afterHandshake(
                ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler, Exception e) {}
    }
}
