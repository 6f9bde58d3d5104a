package org.coophive.resourceprovider.deals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.coophive.resourceprovider.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderLockTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldRefuseASecondProviderWhenTheDataFolderIsInUse() throws Exception {
        try (DataFolderLock first = DataFolderLock.acquire(dataDir)) {
            assertThatThrownBy(() -> DataFolderLock.acquire(dataDir))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("DATA_DIR " + dataDir + " is in use by another resource provider");
        }
    }

    @Test
    void shouldTakeTheFolderAgainWhenThePreviousProviderIsGone() throws Exception {
        DataFolderLock.acquire(dataDir).close();

        try (DataFolderLock again = DataFolderLock.acquire(dataDir)) {
            assertThat(dataDir.resolve("lock")).exists();
        }
    }
}
