/**
 * The Gearman wire protocol, low level: packet types, the binary codec, a blocking packet connection and the
 * {@code WORK_EXCEPTION} payload format. Stable, but most users never need it: the client, worker and admin packages
 * are built on it.
 *
 * <p>No class here depends on Jakarta APIs.
 */
package io.gearmancdi.protocol;
