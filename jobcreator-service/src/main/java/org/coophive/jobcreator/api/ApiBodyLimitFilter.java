package org.coophive.jobcreator.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds what a client may send to the job API ({@code JOBCREATOR_API_MAX_BODY}, default 1 MiB,
 * as the solver's JSON limit): a declared length above it is a {@code 413 payload-too-large}
 * before anything is read; an undeclared (chunked) body stops being read at the limit, which
 * fails the request as unreadable (400).
 */
@Component
@ConditionalOnProperty(name = "coophive.jobcreator.api-enabled", havingValue = "true", matchIfMissing = true)
class ApiBodyLimitFilter extends OncePerRequestFilter {

    private final long limit;

    ApiBodyLimitFilter(@Value("${coophive.jobcreator.api-max-body:1048576}") long limit) {
        this.limit = limit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            response.setStatus(413);
            response.setCharacterEncoding("UTF-8");
            response.setContentType("application/problem+json");
            response.getOutputStream()
                    .write(("{\"type\":\"" + ApiProblems.TYPES + "payload-too-large\",\"title\":\"Payload too large\","
                                    + "\"status\":413,\"detail\":\"the body has " + request.getContentLengthLong()
                                    + " bytes, more than the " + limit + " accepted\",\"instance\":\""
                                    + request.getRequestURI().replace("\"", "") + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(new Bounded(request, limit), response);
    }

    /** A request whose body reads fail past the limit. */
    private static final class Bounded extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) stream = new Counting(super.getInputStream(), limit);
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) count(n);
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) throw new IOException("the body is larger than the " + limit + " bytes accepted");
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
