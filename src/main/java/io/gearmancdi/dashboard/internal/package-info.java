/** Implementation of the dashboard: JSON writing, samplers, CSRF checks. Internal: may change in any release. */
package io.gearmancdi.dashboard.internal;
