/**
 * Internals of the embedded job server: the selector loop, per-connection buffers and the job engine. Not an API;
 * may change in any release.
 */
package io.gearmancdi.server.internal;
