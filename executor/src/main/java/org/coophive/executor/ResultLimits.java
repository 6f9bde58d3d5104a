package org.coophive.executor;

/**
 * How much of a job's result an executor keeps. Both caps sit well below the solver's upload
 * limit (1 GiB by default), so a job's result tar can always be uploaded and its deal can always
 * proceed: a job that writes more is a failed job with a clear error, never a provider stuck
 * retrying an upload the solver will refuse again.
 *
 * <p>Providers and mediators must use the same limits: a result cut by one and not by the other
 * has another data id.
 *
 * @param maxOutputBytes what {@code outputs/} may hold, counting 1 KiB of archive overhead per
 *     entry; more is {@link ExecutionResult.Outcome#OUTPUTS_TOO_LARGE} and the outputs are dropped
 * @param maxLogBytes what each of {@code stdout} and {@code stderr} keeps; the rest is dropped and
 *     a last line says how much there was
 */
public record ResultLimits(long maxOutputBytes, long maxLogBytes) {

    /** 512 MiB of outputs, 8 MiB per log stream. */
    public static final ResultLimits DEFAULTS = new ResultLimits(512L << 20, 8L << 20);

    /** Archive overhead counted per output entry: a header block plus at most one block of padding. */
    public static final long ENTRY_OVERHEAD = 1024;

    public ResultLimits {
        if (maxOutputBytes < 0) throw new IllegalArgumentException("maxOutputBytes must not be negative");
        if (maxLogBytes < 0) throw new IllegalArgumentException("maxLogBytes must not be negative");
    }

    /** The error a job whose outputs went over the limit ends with. */
    public String outputsTooLarge(long atLeast) {
        return "outputs too large: at least " + atLeast + " bytes, limit " + maxOutputBytes;
    }

    /** The line that ends a log stream cut at the limit. */
    public String logTruncated(String stream, long total) {
        return "\n[coophive: " + stream + " truncated: " + total + " bytes written, limit " + maxLogBytes + "]\n";
    }
}
