package org.coophive.solver.files;

import jakarta.servlet.http.HttpServletRequest;
import org.coophive.common.solver.UploadedFiles;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/deals/{id}/files}: the result tar, uploaded by the provider, read by the parties. */
@RestController
class FilesController {

    private final ResultFiles files;

    FilesController(ResultFiles files) {
        this.files = files;
    }

    @PostMapping(path = "/api/v1/deals/{id}/files", produces = MediaType.APPLICATION_JSON_VALUE)
    UploadedFiles upload(@PathVariable String id, HttpServletRequest request) {
        return files.upload(id, request);
    }

    @GetMapping("/api/v1/deals/{id}/files")
    ResponseEntity<Resource> download(@PathVariable String id, HttpServletRequest request) {
        ResultFiles.StoredFile stored = files.download(id, request);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(ResultFiles.TAR))
                .contentLength(stored.size())
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(id + ".tar")
                                .build()
                                .toString())
                .body(new FileSystemResource(stored.path()));
    }
}
