/**
 * The JSON payload codec of jobs and the binding of payload arguments to job method parameters (DESIGN §5), on
 * JSON-B. <b>Internal:</b> not part of the API; may change in any release.
 */
package io.gearmancdi.json;
