package org.coophive.saas.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coophive.saas.testing.SaasTestBase;
import org.junit.jupiter.api.Test;

class FilesApiTest extends SaasTestBase {

    private static final String BOUNDARY = "----saas-test-boundary";

    private java.net.http.HttpResponse<String> upload(User user, String folder, String name, byte[] content) {
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + BOUNDARY + "--\r\n";
        byte[] body = new byte[head.length() + content.length + tail.length()];
        System.arraycopy(head.getBytes(StandardCharsets.UTF_8), 0, body, 0, head.length());
        System.arraycopy(content, 0, body, head.length(), content.length);
        System.arraycopy(tail.getBytes(StandardCharsets.UTF_8), 0, body, head.length() + content.length, tail.length());
        return send(request(user, "/api/v1/files/upload?path=" + folder)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    private java.net.http.HttpResponse<String> put(User user, String path) {
        return send(request(user, path).PUT(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void shouldUploadListRenameDownloadAndDeleteFiles() {
        User user = newUser();

        assertThat(post(user, "/api/v1/files/folder?path=docs", "").statusCode())
                .isEqualTo(200);
        assertThat(upload(user, "docs", "notes.txt", "hello files".getBytes()).statusCode())
                .isEqualTo(200);
        assertThat(get(user, "/api/v1/files?path=docs").body())
                .contains("\"name\":\"notes.txt\"")
                .contains("\"size\":11");
        assertThat(put(user, "/api/v1/files/rename?path=docs/notes.txt&new_path=docs/renamed.txt")
                        .statusCode())
                .isEqualTo(200);
        var download = get(user, "/api/v1/files/content?path=docs/renamed.txt");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("hello files");
        assertThat(delete(user, "/api/v1/files?path=docs").statusCode()).isEqualTo(204);
        assertThat(get(user, "/api/v1/files").body())
                .contains("\"name\":\"results\"")
                .doesNotContain("docs");
    }

    @Test
    void shouldRefuseTraversalAbsolutePathsAndLinks() throws Exception {
        User user = newUser();
        Path outside = Files.createTempFile("outside-", ".txt");
        Files.writeString(outside, "secret");
        Path home = DATA_DIR.resolve("files").resolve(Long.toString(user.id()));
        get(user, "/api/v1/files"); // creates the user's folder
        Files.createSymbolicLink(home.resolve("link"), outside);

        for (String path :
                List.of("../" + user.id(), "..", "a/../../x", "/etc/passwd", "a//b", "a\\..\\b", "./x", "link")) {
            var response =
                    get(user, "/api/v1/files/content?path=" + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(path).isIn(400, 404);
            assertThat(response.body()).doesNotContain("secret");
        }
        assertThat(get(user, "/api/v1/files/content?path=link").statusCode()).isEqualTo(400);
        assertThat(upload(user, "..", "escape.txt", "x".getBytes()).statusCode())
                .isEqualTo(400);
        assertThat(upload(user, "", "../escape.txt", "x".getBytes()).statusCode())
                .isEqualTo(400);
        assertThat(Files.exists(home.getParent().resolve("escape.txt"))).isFalse();
        assertThat(get(user, "/api/v1/files").body()).doesNotContain("\"link\"");
    }

    @Test
    void shouldKeepResultsReadOnly() {
        User user = newUser();

        assertThat(upload(user, "results", "fake.txt", "x".getBytes()).statusCode())
                .isEqualTo(403);
        assertThat(post(user, "/api/v1/files/folder?path=results/mine", "").statusCode())
                .isEqualTo(403);
        assertThat(delete(user, "/api/v1/files?path=results").statusCode()).isEqualTo(403);
        assertThat(put(user, "/api/v1/files/rename?path=results&new_path=stuff").statusCode())
                .isEqualTo(403);
    }

    @Test
    void shouldKeepEachUsersFilesToThemselves() {
        User alice = newUser();
        User bob = newUser();
        upload(alice, "", "diary.txt", "dear diary".getBytes());

        assertThat(get(bob, "/api/v1/files/content?path=diary.txt").statusCode())
                .isEqualTo(404);
        assertThat(get(bob, "/api/v1/files").body()).doesNotContain("diary");
        assertThat(get(bob, "/api/v1/files/content?path=../" + alice.id() + "/diary.txt")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void shouldRefuseUploadsOverTheLimitWith413AndStoreNothing() {
        User user = newUser();

        var response = upload(user, "", "big.bin", new byte[100 * 1024]);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(get(user, "/api/v1/files").body()).doesNotContain("big.bin");
    }
}
