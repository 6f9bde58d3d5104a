/**
 * Content IDs: canonical JSON of wire records and the {@code Qm...} CIDv0 strings that name
 * offers, deals, results and result data, with their 32-byte on-chain digests. The exact rule is
 * documented on {@link org.coophive.common.ids.ContentIds}.
 */
package org.coophive.common.ids;
