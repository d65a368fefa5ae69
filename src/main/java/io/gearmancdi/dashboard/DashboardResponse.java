package io.gearmancdi.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The dashboard's answer, for the host to send as it is.
 *
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type}
 * @param headers     further headers (security headers, {@code Location}, caching)
 * @param body        the body
 * @since 1.1
 */
public record DashboardResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    /** Copies the headers. */
    public DashboardResponse {
        headers = Map.copyOf(headers);
    }

    /** @return the body as UTF-8 text (for tests and logs) */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
