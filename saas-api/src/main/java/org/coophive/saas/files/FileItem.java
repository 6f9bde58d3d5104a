package org.coophive.saas.files;

import java.time.Instant;

/**
 * A file or folder in a user's store.
 *
 * @param path relative to the user's root, with {@code /} separators
 * @param readOnly true under {@code results/}
 */
public record FileItem(String name, String path, boolean directory, long size, Instant modified, boolean readOnly) {}
