package org.coophive.saas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.coophive.saas.testing.SaasTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The served OpenAPI document names every API route with its methods. */
class OpenApiDocumentTest extends SaasTestBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void shouldDescribeEveryApiRouteAndMethod() {
        var response = get(null, "/api/v1/openapi.yaml");
        assertThat(response.statusCode()).isEqualTo(200);
        String document = response.body();
        List<String> missing = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/v1/")) continue;
                String path = pattern.replace("/**", "/{path}");
                int at = document.indexOf("\n  " + path + ":\n");
                if (at < 0) {
                    missing.add(path);
                    continue;
                }
                int end = document.indexOf("\n  /", at + 3);
                String section = document.substring(at, end < 0 ? document.length() : end);
                info.getMethodsCondition().getMethods().forEach(m -> {
                    if (!section.contains("\n    " + m.name().toLowerCase() + ":")) missing.add(m + " " + path);
                });
            }
        });
        assertThat(missing).isEmpty();
    }
}
