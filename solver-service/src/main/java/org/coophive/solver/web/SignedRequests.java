package org.coophive.solver.web;

import jakarta.servlet.http.HttpServletRequest;
import org.coophive.common.signing.RequestVerifier;
import org.coophive.common.signing.SignedRequestHeaders;
import org.coophive.common.signing.Verification;
import org.springframework.stereotype.Component;
import org.web3j.crypto.Hash;

/**
 * Verifies the signature of a request (common/SIGNING.md) over exactly what arrived: the method,
 * the raw path and query, and the body bytes or their SHA-256. A refusal is a 401 whose detail is
 * the verifier's reason; a verified signer over its rate is a 429 ({@link RateLimiter}).
 */
@Component
public class SignedRequests {

    private final RequestVerifier verifier;
    private final RateLimiter limiter;

    public SignedRequests(RequestVerifier verifier, RateLimiter limiter) {
        this.verifier = verifier;
        this.limiter = limiter;
    }

    /**
     * The verified caller of a request with these body bytes.
     *
     * @throws ProblemException 401 when the request is unsigned or its signature does not verify
     */
    public String verify(HttpServletRequest request, byte[] body) {
        return verifyBodyHash(request, Hash.sha256(body));
    }

    /** The verified caller of a request whose body has this SHA-256 (a streamed upload). */
    public String verifyBodyHash(HttpServletRequest request, byte[] bodySha256) {
        SignedRequestHeaders headers = SignedRequestHeaders.read(request::getHeader);
        Verification verification = verifier.verifyBodyHash(
                request.getMethod(), request.getRequestURI(), request.getQueryString(), bodySha256, headers);
        String signer = verification
                .address()
                .orElseThrow(() -> ProblemException.unauthorized(
                        verification.rejection().orElseThrow().message()));
        limiter.acquire(signer.toLowerCase(java.util.Locale.ROOT));
        return signer;
    }
}
