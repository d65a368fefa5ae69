/** Implementation of the plain-Java worker. Internal: may change in any release. */
package io.gearmancdi.worker.internal;
