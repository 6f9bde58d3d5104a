package org.coophive.saas.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;

/**
 * A user's file as an HTTP response. Only raster images and plain text are shown in the browser;
 * anything else (HTML, SVG, scripts) is an attachment, so a user's file never runs script in this
 * site's origin.
 */
public final class Downloads {

    private Downloads() {}

    public static ResponseEntity<Resource> of(Path file) {
        String name = file.getFileName().toString();
        MediaType type = MediaTypeFactory.getMediaType(name).orElse(MediaType.APPLICATION_OCTET_STREAM);
        boolean image = type.getType().equals("image") && !type.getSubtype().contains("svg");
        boolean text = type.equals(MediaType.TEXT_PLAIN) || !name.contains(".");
        if (text) type = new MediaType("text", "plain", StandardCharsets.UTF_8);
        else if (!image) type = MediaType.APPLICATION_OCTET_STREAM;
        ContentDisposition disposition = (image || text ? ContentDisposition.inline() : ContentDisposition.attachment())
                .filename(name, StandardCharsets.UTF_8)
                .build();
        try {
            return ResponseEntity.ok()
                    .contentType(type)
                    .contentLength(Files.size(file))
                    .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
                    .header("X-Content-Type-Options", "nosniff")
                    .body(new FileSystemResource(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
