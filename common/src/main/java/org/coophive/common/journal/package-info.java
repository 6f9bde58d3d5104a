/**
 * The reconciler kit's files: a party service's journal in its data folder, written atomically and
 * durably, with one policy for a file it cannot read ({@link org.coophive.common.journal.JournalFiles}).
 */
package org.coophive.common.journal;
