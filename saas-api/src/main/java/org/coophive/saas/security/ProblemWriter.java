package org.coophive.saas.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes RFC 9457 Problem Details from filters, where no controller advice runs. */
@Component
public class ProblemWriter {

    public static final String TYPES = "https://coophive.network/problems/";
    private final JsonMapper json = JsonMapper.builder().build();

    public void write(HttpServletResponse response, HttpStatus status, String type, String detail, String instance)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES + type));
        problem.setTitle(status.getReasonPhrase());
        if (instance != null) problem.setInstance(URI.create(instance));
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        if (status == HttpStatus.UNAUTHORIZED) response.setHeader("WWW-Authenticate", "Bearer");
        // JSON is UTF-8 by definition (RFC 8259): bytes, and no charset parameter.
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
