/**
 * Deterministic result archives: {@link org.coophive.executor.results.ResultPackager} turns a
 * result directory into a tar whose bytes, and so whose data id, depend only on the names, contents
 * and executable bits of its files; {@link org.coophive.executor.results.ResultUnpacker} extracts
 * such a tar without letting it write outside its target. The rules are in {@code
 * executor/RESULTS.md}.
 */
package org.coophive.executor.results;
