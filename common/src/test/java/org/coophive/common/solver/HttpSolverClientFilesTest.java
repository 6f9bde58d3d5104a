package org.coophive.common.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.coophive.common.solver.SolverFixtures.FAST;
import static org.coophive.common.solver.SolverFixtures.JOB_CREATOR;
import static org.coophive.common.solver.SolverFixtures.JSON;
import static org.coophive.common.solver.SolverFixtures.MEDIATOR;
import static org.coophive.common.solver.SolverFixtures.OUTSIDER;
import static org.coophive.common.solver.SolverFixtures.RESOURCE_PROVIDER;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.Result;
import org.coophive.common.signing.RequestSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Result files: signed upload and download, byte for byte, and downloads that never half-write. */
class HttpSolverClientFilesTest {

    @TempDir
    Path dir;

    private FakeSolver solver;
    private final DealContainer deal = SolverFixtures.deal();
    private byte[] tarBytes;
    private Path tar;

    @BeforeEach
    void setUp() throws Exception {
        solver = FakeSolver.start();
        solver.putDeal(deal);
        tarBytes = new byte[300_000];
        new Random(7).nextBytes(tarBytes);
        tar = Files.write(dir.resolve("outputs.tar"), tarBytes);
    }

    @AfterEach
    void stopSolver() {
        solver.close();
    }

    private HttpSolverClient clientOf(RequestSigner signer) {
        return new HttpSolverClient(solver.url(), signer, FAST);
    }

    @Test
    void shouldStoreTheExactBytesAndNameThemWhenTheProviderUploads() throws Exception {
        UploadedFiles uploaded = clientOf(RESOURCE_PROVIDER).uploadFiles(deal.id(), tar);

        assertThat(uploaded).isEqualTo(new UploadedFiles(deal.id(), ContentIds.ofFile(tar), tarBytes.length));
        assertThat(solver.storedFiles(deal.id()).orElseThrow()).isEqualTo(tarBytes);
    }

    @Test
    void shouldDownloadTheExactBytesWhenEachPartyOfTheDealAsks() throws Exception {
        clientOf(RESOURCE_PROVIDER).uploadFiles(deal.id(), tar);

        for (RequestSigner party : new RequestSigner[] {JOB_CREATOR, RESOURCE_PROVIDER, MEDIATOR}) {
            Path target = dir.resolve("downloads").resolve(party.address()).resolve("result.tar");
            clientOf(party).downloadFiles(deal.id(), target);
            assertThat(target).as("downloaded by %s", party).hasBinaryContent(tarBytes);
        }
        assertThat(solver.requests()).filteredOn(r -> r.startsWith("GET ")).hasSize(3);
    }

    @Test
    void shouldRefuseAndWriteNothingWhenAnOutsiderDownloads() throws Exception {
        clientOf(RESOURCE_PROVIDER).uploadFiles(deal.id(), tar);
        Path target = dir.resolve("outsider.tar");

        assertThatThrownBy(() -> clientOf(OUTSIDER).downloadFiles(deal.id(), target))
                .isInstanceOfSatisfying(SolverUnauthorizedException.class, e -> assertThat(e.status())
                        .isEqualTo(403));
        assertThat(target).doesNotExist();
        assertThat(filesIn(dir)).containsExactly("outputs.tar");
    }

    @Test
    void shouldBeRefusedByTheSolverWhenADownloadIsNotSigned() throws Exception {
        clientOf(RESOURCE_PROVIDER).uploadFiles(deal.id(), tar);
        HttpRequest unsigned = HttpRequest.newBuilder(
                        URI.create(solver.url() + "/api/v1/deals/" + deal.id() + "/files"))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(unsigned, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(JSON.readValue(response.body(), ProblemDetails.class).solverType())
                .contains(SolverProblemType.UNAUTHORIZED);
    }

    @Test
    void shouldKeepTheOldFileWhenEveryDownloadAttemptBreaksOff() throws Exception {
        clientOf(RESOURCE_PROVIDER).uploadFiles(deal.id(), tar);
        Path target = Files.writeString(dir.resolve("result.tar"), "previous download");
        solver.cutOffNextDownloads(FAST.maxAttempts());

        assertThatThrownBy(() -> clientOf(JOB_CREATOR).downloadFiles(deal.id(), target))
                .isInstanceOfSatisfying(SolverUnavailableException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(FAST.maxAttempts());
                    assertThat(e.connectionFailure()).isPresent();
                });
        assertThat(target).hasContent("previous download");
        assertThat(filesIn(dir)).containsExactlyInAnyOrder("outputs.tar", "result.tar");
    }

    @Test
    void shouldCompleteTheDownloadWhenAnAttemptBreaksOffOnce() throws Exception {
        clientOf(RESOURCE_PROVIDER).uploadFiles(deal.id(), tar);
        Path target = dir.resolve("result.tar");
        solver.cutOffNextDownloads(1);

        clientOf(JOB_CREATOR).downloadFiles(deal.id(), target);

        assertThat(target).hasBinaryContent(tarBytes);
        assertThat(solver.requests()).filteredOn(r -> r.startsWith("GET ")).hasSize(2);
        assertThat(filesIn(dir)).containsExactlyInAnyOrder("outputs.tar", "result.tar");
    }

    @Test
    void shouldGiveUpOnAStalledDownloadWhenTheTransferTimeoutPasses() throws Exception {
        clientOf(RESOURCE_PROVIDER).uploadFiles(deal.id(), tar);
        Path target = dir.resolve("result.tar");
        solver.stallNextDownloads(1);
        SolverClientSettings impatient = new SolverClientSettings(
                1,
                FAST.initialBackoff(),
                FAST.maxBackoff(),
                FAST.connectTimeout(),
                FAST.requestTimeout(),
                Duration.ofMillis(300));

        assertThatThrownBy(() ->
                        new HttpSolverClient(solver.url(), JOB_CREATOR, impatient).downloadFiles(deal.id(), target))
                .isInstanceOfSatisfying(SolverUnavailableException.class, e -> assertThat(e.connectionFailure())
                        .containsInstanceOf(HttpTimeoutException.class));
        assertThat(target).doesNotExist();
        assertThat(filesIn(dir)).containsExactly("outputs.tar");
    }

    @Test
    void shouldThrowNotFoundAndWriteNothingWhenNoFilesWereUploaded() {
        Path target = dir.resolve("result.tar");

        assertThatThrownBy(() -> clientOf(JOB_CREATOR).downloadFiles(deal.id(), target))
                .isInstanceOf(SolverNotFoundException.class);
        assertThat(target).doesNotExist();
        assertThat(solver.requests()).hasSize(1);
    }

    @Test
    void shouldRejectTheUploadWithoutRetryingWhenItIsTooLarge() {
        solver.maxUploadBytes(1000);

        assertThatThrownBy(() -> clientOf(RESOURCE_PROVIDER).uploadFiles(deal.id(), tar))
                .isInstanceOfSatisfying(SolverRequestRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.type())
                            .isEqualTo(SolverProblemType.PAYLOAD_TOO_LARGE.uri().toString());
                });
        assertThat(solver.requests()).hasSize(1);
        assertThat(solver.storedFiles(deal.id())).isEmpty();
    }

    @Test
    void shouldRefuseTheUploadWhenTheJobCreatorSendsIt() {
        assertThatThrownBy(() -> clientOf(JOB_CREATOR).uploadFiles(deal.id(), tar))
                .isInstanceOfSatisfying(SolverUnauthorizedException.class, e -> assertThat(e.status())
                        .isEqualTo(403));
        assertThat(solver.storedFiles(deal.id())).isEmpty();
    }

    @Test
    void shouldConflictWhenTheResultNamesOtherDataThanTheUploadedFiles() {
        clientOf(RESOURCE_PROVIDER).uploadFiles(deal.id(), tar);
        Result other = new Result("", deal.id(), ContentIds.ofBytes("other data".getBytes()), "", 1);

        assertThatThrownBy(() -> clientOf(RESOURCE_PROVIDER).addResult(other))
                .isInstanceOfSatisfying(SolverConflictException.class, e -> assertThat(e.status())
                        .isEqualTo(409));
    }

    @Test
    void shouldFailBeforeSendingWhenTheTarCannotBeRead() {
        assertThatThrownBy(() -> clientOf(RESOURCE_PROVIDER).uploadFiles(deal.id(), dir.resolve("missing.tar")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("missing.tar");
        assertThat(solver.requests()).isEmpty();
    }

    private static List<String> filesIn(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
