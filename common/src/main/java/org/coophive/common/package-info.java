/**
 * The shared language of the CoopHive services: the wire model, content IDs, request signing,
 * the chain client over the contract wrappers and the solver client.
 */
package org.coophive.common;
