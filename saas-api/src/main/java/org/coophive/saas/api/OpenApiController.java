package org.coophive.saas.api;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The API's OpenAPI 3.1 document (kept in step with the controllers by OpenApiDocumentTest). */
@RestController
class OpenApiController {

    @GetMapping("/api/v1/openapi.yaml")
    ResponseEntity<Resource> document() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/yaml"))
                .body(new ClassPathResource("openapi.yaml"));
    }
}
