package org.coophive.solver;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.URI;
import org.coophive.common.signing.RequestSigner;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.json.JsonMapper;

/** Signed MockMvc requests, signed like the client signs them: method, raw path and query, body. */
public final class Signed {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private Signed() {}

    /** A signed JSON POST of {@code body} (a record, or bytes sent as they are). */
    public static MockHttpServletRequestBuilder postJson(String path, Object body, RequestSigner signer) {
        byte[] bytes = body instanceof byte[] raw ? raw : JSON.writeValueAsBytes(body);
        return sign(post(path).contentType(MediaType.APPLICATION_JSON).content(bytes), "POST", path, bytes, signer);
    }

    public static MockHttpServletRequestBuilder deleteSigned(String path, RequestSigner signer) {
        return sign(MockMvcRequestBuilders.delete(path), "DELETE", path, new byte[0], signer);
    }

    public static MockHttpServletRequestBuilder getSigned(String path, RequestSigner signer) {
        return sign(MockMvcRequestBuilders.get(path), "GET", path, new byte[0], signer);
    }

    /** A signed POST of raw bytes with the given content type (uploads). */
    public static MockHttpServletRequestBuilder postBytes(
            String path, byte[] bytes, String contentType, RequestSigner signer) {
        return sign(post(path).contentType(contentType).content(bytes), "POST", path, bytes, signer);
    }

    public static MockHttpServletRequestBuilder sign(
            MockHttpServletRequestBuilder request, String method, String path, byte[] body, RequestSigner signer) {
        signer.sign(method, URI.create(path), body).asMap().forEach(request::header);
        return request;
    }
}
