package io.gearmancdi.dashboard;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One HTTP request to the dashboard, as the host received it.
 *
 * @param method     the HTTP method, e.g. {@code GET}
 * @param rawPath    the path below the dashboard's root, still percent-encoded (so that an encoded {@code /} in a
 *                   unique id stays inside its segment), e.g. {@code /api/jobs/a%2Fb}; empty for the root itself
 * @param rawQuery   the query string, still percent-encoded, or {@code null}
 * @param header     the request's headers by (case-insensitive) name, {@code null} when absent
 * @param permission what the caller may do
 * @since 1.1
 */
public record DashboardRequest(String method, String rawPath, String rawQuery, UnaryOperator<String> header,
                               Permission permission) {
    /** Checks the arguments. */
    public DashboardRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(permission, "permission");
    }
}
