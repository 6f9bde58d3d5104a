package org.coophive.resourceprovider.deals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.coophive.resourceprovider.config.InvalidConfigurationException;
import org.coophive.resourceprovider.config.ProviderProperties;

/**
 * One provider per data folder: two daemons sharing a journal could each send the same step. The
 * lock ({@code DATA_DIR/lock}) is the operating system's, so it goes with the process, however it
 * ends, and a restarted provider takes it again.
 */
final class DataFolderLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws InvalidConfigurationException if another process holds the folder */
    static DataFolderLock acquire(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            FileChannel channel =
                    FileChannel.open(dataDir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new InvalidConfigurationException(ProviderProperties.DATA_DIR + " " + dataDir
                        + " is in use by another resource provider; give each provider its own data folder");
            }
            return new DataFolderLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dataDir, e);
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
