package org.coophive.resourceprovider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuDetectorTest {

    @TempDir
    Path tmp;

    private String script(String body) throws Exception {
        Path file = tmp.resolve("nvidia-smi");
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file.toString();
    }

    @Test
    void shouldCountNoGpuWhenNvidiaSmiIsAbsent() {
        assertThat(new GpuDetector(tmp.resolve("no-such-nvidia-smi").toString()).count())
                .isZero();
    }

    @Test
    void shouldCountEachListedGpuWhenNvidiaSmiAnswers() throws Exception {
        String smi = script("echo 'GPU 0: NVIDIA A100 (UUID: GPU-1)'; echo 'GPU 1: NVIDIA A100 (UUID: GPU-2)'");

        assertThat(new GpuDetector(smi).count()).isEqualTo(2);
    }

    @Test
    void shouldCountNoGpuWhenNvidiaSmiFails() throws Exception {
        String smi = script("echo 'NVIDIA-SMI has failed because it could not communicate with the driver'; exit 9");

        assertThat(new GpuDetector(smi).count()).isZero();
    }

    @Test
    void shouldRefuseToStartWhenMoreGpusAreOfferedThanPresent() {
        OfferProperties offer = new OfferProperties(1000, 1, 1024, 1, List.of(), false);

        assertThatThrownBy(() -> GpuDetector.check(offer, 0))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("OFFER_GPU (--offer-gpu) offers 1 GPU(s) in each of 1 slot(s), 1 in all,"
                        + " but this machine has 0 (nvidia-smi -L)");
    }

    @Test
    void shouldCountEverySlotsGpusWhenSeveralSlotsAreOffered() {
        OfferProperties offer = new OfferProperties(1000, 1, 1024, 2, List.of(), false);

        assertThatThrownBy(() -> GpuDetector.check(offer, 1)).hasMessageContaining("2 in all");
        assertThatNoException().isThrownBy(() -> GpuDetector.check(offer, 2));
    }
}
