package org.coophive.solver.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.coophive.common.solver.SolverProblemType;
import org.coophive.solver.ApiFixtures;
import org.coophive.solver.config.SolverProperties;
import org.coophive.solver.deals.DealService;
import org.coophive.solver.store.DealFileStore;
import org.coophive.solver.store.ResultStore;
import org.coophive.solver.store.StoreProperties;
import org.coophive.solver.web.ProblemException;
import org.coophive.solver.web.SignedRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

/** The upload limit when the client does not say the length up front (chunked). */
class ResultFilesTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldAnswer413AsSoonAsAnUndeclaredBodyPassesTheLimit() throws IOException {
        DealService deals = mock(DealService.class);
        SignedRequests signatures = mock(SignedRequests.class);
        DealFileStore files = mock(DealFileStore.class);
        ResultFiles resultFiles = new ResultFiles(
                deals,
                mock(ResultStore.class),
                files,
                signatures,
                new StoreProperties("", dataDir),
                new SolverProperties(
                        "http://localhost:8080", DataSize.ofBytes(1000), Duration.ofHours(1), Duration.ofSeconds(10)),
                new SimpleMeterRegistry());
        MockHttpServletRequest chunked = new MockHttpServletRequest("POST", "/api/v1/deals/x/files") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        chunked.setContentType("application/x-tar");
        chunked.setContent(new byte[1001]);

        assertThatThrownBy(() -> resultFiles.upload(ApiFixtures.deal("").id(), chunked))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type())
                        .isEqualTo(SolverProblemType.PAYLOAD_TOO_LARGE));
        verifyNoInteractions(signatures, deals, files);
        try (var incoming = Files.list(dataDir.resolve("files/incoming"))) {
            assertThat(incoming).as("the partial upload is deleted").isEmpty();
        }
    }
}
