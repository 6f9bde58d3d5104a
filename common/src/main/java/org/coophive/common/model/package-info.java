/**
 * The wire model: records for everything that crosses a process boundary (offers, deals,
 * results, transaction hashes, solver events), their JSON form and their validation.
 *
 * <p>Rules that hold for every record here:
 *
 * <ul>
 *   <li>JSON is snake_case with the reference's field names, fixed by annotations on the records
 *       themselves, so any Jackson 3 {@code JsonMapper} reads and writes the same wire form.
 *   <li>No component is null, except where a record says so: a missing or null string becomes
 *       {@code ""}, a number {@code 0}, a wei amount {@code 0}, a collection an empty immutable
 *       one, a nested record its zero value (as Go's encoding/json would leave them). What is
 *       missing is then reported by {@link org.coophive.common.model.ModelValidator}, as a list
 *       of violations rather than an exception.
 *   <li>Token amounts are {@link java.math.BigInteger} wei, written as decimal JSON strings
 *       ({@link org.coophive.common.model.WeiAmount}); agreement states are the Solidity codes of
 *       {@link org.coophive.contracts.AgreementState} ({@link
 *       org.coophive.common.model.AgreementStateCode}).
 *   <li>Maps are sorted by key and immutable, so they serialise in a stable order.
 * </ul>
 */
package org.coophive.common.model;
