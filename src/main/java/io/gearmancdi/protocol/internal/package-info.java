/**
 * Helpers shared by the client and the worker that are not part of the protocol's public surface (the reconnect and
 * resubmission back-off). Internal: may change in any release; applications must not use it.
 */
package io.gearmancdi.protocol.internal;
