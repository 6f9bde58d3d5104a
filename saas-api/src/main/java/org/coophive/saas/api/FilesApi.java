package org.coophive.saas.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.coophive.saas.files.Downloads;
import org.coophive.saas.files.FileItem;
import org.coophive.saas.files.FileStore;
import org.coophive.saas.security.CurrentAccount;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The caller's file store; {@code results/} is read-only. */
@RestController
@RequestMapping("/api/v1/files")
class FilesApi {

    private final FileStore files;
    private final CurrentAccount current;

    FilesApi(FileStore files, CurrentAccount current) {
        this.files = files;
        this.current = current;
    }

    @GetMapping
    List<FileItem> list(@RequestParam(defaultValue = "") String path, Authentication authentication) {
        return files.list(current.id(authentication), path);
    }

    @GetMapping("/info")
    FileItem info(@RequestParam String path, Authentication authentication) {
        return files.get(current.id(authentication), path);
    }

    @GetMapping("/content")
    ResponseEntity<Resource> content(@RequestParam String path, Authentication authentication) {
        return Downloads.of(files.read(current.id(authentication), path));
    }

    @PostMapping("/folder")
    FileItem folder(@RequestParam String path, Authentication authentication) {
        return files.createFolder(current.id(authentication), path);
    }

    @PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    List<FileItem> upload(
            @RequestParam(defaultValue = "") String path,
            @RequestParam("files") List<MultipartFile> uploads,
            Authentication authentication) {
        long account = current.id(authentication);
        if (uploads.isEmpty()) throw new IllegalArgumentException("no file in the request (field \"files\")");
        return uploads.stream()
                .map(upload -> {
                    try (InputStream in = upload.getInputStream()) {
                        return files.upload(account, path, upload.getOriginalFilename(), in);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
    }

    @PutMapping("/rename")
    FileItem rename(
            @RequestParam String path, @RequestParam("new_path") String newPath, Authentication authentication) {
        return files.rename(current.id(authentication), path, newPath);
    }

    @DeleteMapping
    ResponseEntity<Void> delete(@RequestParam String path, Authentication authentication) {
        files.delete(current.id(authentication), path);
        return ResponseEntity.noContent().build();
    }
}
