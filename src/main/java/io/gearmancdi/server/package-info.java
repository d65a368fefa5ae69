/**
 * {@link io.gearmancdi.server.EmbeddedGearmanServer}: an in-JVM Gearman job server for development, examples and fast
 * tests, the way H2 stands in for a database. It speaks the binary and the admin text protocol of gearmand on one
 * port and follows gearmand's visible behaviour, taking gearmand 2.0's fixes where 1.1.20 is buggy. It keeps every job
 * in memory and is not meant for production.
 *
 * <p>Stable public API: only {@code EmbeddedGearmanServer} and its builder; everything in {@code .internal} may
 * change without notice.
 */
package io.gearmancdi.server;
