package org.coophive.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.coophive.solver.ApiFixtures.JOB_CREATOR;
import static org.coophive.solver.ApiFixtures.JOB_CREATOR_SIGNER;
import static org.coophive.solver.ApiFixtures.RESOURCE_PROVIDER_SIGNER;
import static org.coophive.solver.ApiFixtures.STRANGER_SIGNER;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.Result;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.common.signing.SignedRequestHeaders;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.common.solver.JobOfferQuery;
import org.coophive.common.solver.ResourceOfferQuery;
import org.coophive.common.solver.SolverClientSettings;
import org.coophive.common.solver.SolverEventFilter;
import org.coophive.common.solver.SolverEventListener;
import org.coophive.common.solver.SolverEventStream;
import org.coophive.common.solver.SolverRequestRejectedException;
import org.coophive.common.solver.SolverUnauthorizedException;
import org.coophive.common.solver.UploadedFiles;
import org.coophive.common.testing.Await;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.executor.results.PackagedResult;
import org.coophive.executor.results.ResultPackager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The solver as its users meet it: the real {@link HttpSolverClient} and {@link SolverEventStream}
 * against the application on a random port, with its embedded PostgreSQL and an Anvil chain. The
 * application is started with {@link SpringApplicationBuilder} rather than {@code @SpringBootTest}
 * because the test restarts it on the same data folder, which a cached test context cannot do.
 */
class SolverApiIT {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String UPLOAD_LIMIT = "1MB";

    private static ChainFixture chain;
    private static Path dataDir;
    private static Path work;

    private ConfigurableApplicationContext context;
    private final List<SolverEventStream> streams = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startChain() throws Exception {
        chain = ChainFixture.start();
        Path target = Files.createDirectories(Path.of("target"));
        dataDir = Files.createTempDirectory(target, "solver-api-it-");
        work = Files.createTempDirectory(target, "solver-api-it-files-");
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) chain.close();
    }

    @AfterEach
    void stopSolver() {
        streams.forEach(SolverEventStream::close);
        if (context != null) context.close();
    }

    private ConfigurableApplicationContext startSolver() {
        return new SpringApplicationBuilder(SolverApplication.class)
                .run(chain.web3Arguments(
                        DevAccounts.solver(),
                        "--server.port=0",
                        "--coophive.solver.data-dir=" + dataDir,
                        "--SERVER_URL=http://localhost:8080",
                        "--coophive.solver.service.upload-limit=" + UPLOAD_LIMIT));
    }

    private URI url() {
        // server.address binds the loopback IPv4 address only, so "localhost" could miss it.
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port);
    }

    private HttpSolverClient client(org.coophive.common.signing.RequestSigner signer) {
        return new HttpSolverClient(url(), signer, SolverClientSettings.DEFAULTS);
    }

    /** Records the events of one stream. */
    private static final class Recorder implements SolverEventListener {
        final List<SolverEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(SolverEvent event) {
            events.add(event);
        }

        boolean saw(EventType type) {
            return events.stream().anyMatch(event -> event.eventType() == type);
        }
    }

    @Test
    void shouldCarryADealFromOffersToDownloadedFilesAndKeepEverythingAcrossARestart() throws Exception {
        context = startSolver();
        Recorder jobCreatorEvents = new Recorder();
        SolverEventStream stream = SolverEventStream.open(
                url(), SolverEventFilter.addresses(JOB_CREATOR), jobCreatorEvents, SolverClientSettings.DEFAULTS);
        streams.add(stream);
        Await.until(DEADLINE, "the event stream to connect", stream::isConnected);
        HttpSolverClient jobCreator = client(JOB_CREATOR_SIGNER);
        HttpSolverClient provider = client(RESOURCE_PROVIDER_SIGNER);
        long now = System.currentTimeMillis();

        // Offers -> deal.
        ResourceOfferContainer resourceOffer = provider.addResourceOffer(ApiFixtures.resourceOffer(now));
        JobOfferContainer jobOffer = jobCreator.addJobOffer(ApiFixtures.jobOffer(now));
        Await.until(DEADLINE, "a deal for the job", () -> !jobCreator
                .deals(DealQuery.byJobCreator(JOB_CREATOR))
                .isEmpty());
        DealContainer deal =
                jobCreator.deals(DealQuery.byJobCreator(JOB_CREATOR)).get(0);
        assertThat(deal.jobOffer()).isEqualTo(jobOffer.id());
        assertThat(deal.resourceOffer()).isEqualTo(resourceOffer.id());
        assertThat(deal.state()).isEqualTo(AgreementState.DEAL_NEGOTIATING);
        assertThat(jobCreator.jobOffers(JobOfferQuery.ALL).get(0).dealId()).isEqualTo(deal.id());
        Await.until(DEADLINE, "the deal on the job creator's stream", () -> jobCreatorEvents.saw(EventType.DEAL_ADDED));
        assertThat(jobCreatorEvents.events)
                .as("the job creator's filtered stream carries nothing of the provider's alone")
                .noneMatch(event -> event.eventType() == EventType.RESOURCE_OFFER_ADDED);

        // A malformed filter is refused at the handshake.
        URI badFilter = URI.create("ws://127.0.0.1:" + url().getPort() + "/api/v1/ws?address=0x12");
        assertThatThrownBy(() -> HTTP.newWebSocketBuilder()
                        .buildAsync(badFilter, new java.net.http.WebSocket.Listener() {})
                        .join())
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((java.net.http.WebSocketHandshakeException) e.getCause())
                                .getResponse()
                                .statusCode())
                        .isEqualTo(400));

        // Result files: upload by the provider, result, download by the job creator.
        Path resultDir = Files.createDirectories(work.resolve("outputs"));
        Files.writeString(resultDir.resolve("stdout"), " _____\n< moo >\n -----\n");
        PackagedResult packed = ResultPackager.pack(resultDir, work.resolve("result.tar"));
        UploadedFiles uploaded = provider.uploadFiles(deal.id(), packed.tar());
        assertThat(uploaded.dataId()).isEqualTo(packed.dataId());
        assertThat(uploaded.size()).isEqualTo(Files.size(packed.tar()));
        Result result = provider.addResult(new Result("", deal.id(), packed.dataId(), "", 42));
        assertThat(result.id()).isEqualTo(ContentIds.of(result));
        Path downloaded = work.resolve("downloaded.tar");
        jobCreator.downloadFiles(deal.id(), downloaded);
        assertThat(Files.readAllBytes(downloaded)).isEqualTo(Files.readAllBytes(packed.tar()));

        // A stranger may not download; a tar that escapes its folder is refused.
        assertThatThrownBy(() -> client(STRANGER_SIGNER).downloadFiles(deal.id(), work.resolve("stolen.tar")))
                .isInstanceOfSatisfying(
                        SolverUnauthorizedException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(403));
        Path evil = traversalTar();
        assertThatThrownBy(() -> provider.uploadFiles(deal.id(), evil))
                .isInstanceOfSatisfying(SolverRequestRejectedException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().detail()).contains("../escape");
                });
        assertThat(jobCreator.result(deal.id()).dataId()).isEqualTo(packed.dataId());
        Path huge = work.resolve("huge.tar");
        Files.write(huge, new byte[3 * 1024 * 1024]);
        assertThatThrownBy(() -> provider.uploadFiles(deal.id(), huge))
                .isInstanceOfSatisfying(
                        SolverRequestRejectedException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(413));

        // The meters an operator scrapes.
        HttpResponse<String> metrics = HTTP.send(
                HttpRequest.newBuilder(URI.create(url() + "/actuator/prometheus"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body())
                .contains(
                        "coophive_solver_match_pass_seconds_count",
                        "coophive_solver_deals_matched_total 1.0",
                        "coophive_solver_upload_bytes_total " + (double) Files.size(packed.tar()),
                        "coophive_solver_offers_unmatched{kind=\"job\"}",
                        "coophive_solver_deals{state=\"DEAL_NEGOTIATING\"}");

        // A captured request is refused when replayed.
        Captured captured = capturedTransactionReport(deal.id());
        assertThat(send(captured).statusCode()).isEqualTo(200);
        HttpResponse<String> replayed = send(captured);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.headers().firstValue("WWW-Authenticate")).contains("CoopHive-Request-V1");
        assertThat(replayed.body()).contains("https://coophive.network/problems/unauthorized", "already used");

        // Restart on the same data folder: everything is still there, the nonce still spent.
        streams.forEach(SolverEventStream::close);
        context.close();
        context = startSolver();
        HttpSolverClient jobCreatorAgain = client(JOB_CREATOR_SIGNER);
        assertThat(jobCreatorAgain.jobOffers(JobOfferQuery.ALL))
                .extracting(JobOfferContainer::dealId)
                .containsExactly(deal.id());
        assertThat(jobCreatorAgain.resourceOffers(ResourceOfferQuery.ALL))
                .extracting(ResourceOfferContainer::id)
                .containsExactly(resourceOffer.id());
        assertThat(jobCreatorAgain.deal(deal.id()).transactions().jobCreator().agree())
                .isEqualTo(captured.hash());
        assertThat(jobCreatorAgain.result(deal.id())).isEqualTo(result);
        Path downloadedAgain = work.resolve("downloaded-again.tar");
        jobCreatorAgain.downloadFiles(deal.id(), downloadedAgain);
        assertThat(Files.readAllBytes(downloadedAgain)).isEqualTo(Files.readAllBytes(packed.tar()));
        assertThat(send(captured).statusCode())
                .as("the replay after the restart")
                .isEqualTo(401);
    }

    /** A signed request as an eavesdropper would capture it. */
    private record Captured(URI uri, byte[] body, SignedRequestHeaders headers, String hash) {}

    private Captured capturedTransactionReport(String dealId) {
        String hash = "0x" + "ab".repeat(32);
        URI uri = URI.create(url() + "/api/v1/deals/" + dealId + "/txs/job_creator");
        byte[] body = ("{\"agree\":\"" + hash + "\"}").getBytes(StandardCharsets.UTF_8);
        return new Captured(uri, body, JOB_CREATOR_SIGNER.sign("POST", uri, body), hash);
    }

    private HttpResponse<String> send(Captured captured) throws IOException, InterruptedException {
        URI uri = URI.create(url() + captured.uri().getRawPath());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(captured.body()));
        captured.headers().asMap().forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path traversalTar() throws IOException {
        Path tar = work.resolve("evil.tar");
        try (OutputStream out = Files.newOutputStream(tar);
                TarArchiveOutputStream archive = new TarArchiveOutputStream(out)) {
            byte[] content = "owned".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("../escape");
            entry.setSize(content.length);
            archive.putArchiveEntry(entry);
            archive.write(content);
            archive.closeArchiveEntry();
        }
        return tar;
    }
}
