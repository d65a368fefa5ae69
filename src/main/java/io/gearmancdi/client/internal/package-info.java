/** Implementation of the plain-Java client. Internal: may change in any release. */
package io.gearmancdi.client.internal;
