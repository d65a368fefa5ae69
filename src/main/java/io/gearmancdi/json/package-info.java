/**
 * The JSON payload codec of jobs and the binding of payload arguments to job method parameters (docs/design.md, "The
 * wire format"), on JSON-B. <b>Internal:</b> not part of the API; may change in any release.
 */
package io.gearmancdi.json;
