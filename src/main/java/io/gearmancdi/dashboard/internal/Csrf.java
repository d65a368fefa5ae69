package io.gearmancdi.dashboard.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * CSRF protection of the dashboard's actions: a random token per dashboard instance (per process), which the page
 * reads with a GET (a foreign site cannot read it: no CORS) and sends back in the {@value #HEADER} header of every
 * POST, compared in constant time; and, when the browser sends an {@code Origin}, it must be the dashboard's own
 * (same scheme-less host and port as the {@code Host} header).
 */
public final class Csrf {
    /** The request header that carries the token. */
    public static final String HEADER = "X-Gearman-CSRF";

    private final String token;

    /** Draws a fresh token. */
    public Csrf() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @return the token, for the page */
    public String token() {
        return token;
    }

    /**
     * @param header the request's headers
     * @return why the request is refused, or {@code null} when it passes
     */
    public String refusal(UnaryOperator<String> header) {
        String sent = header.apply(HEADER);
        if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            return "missing or wrong " + HEADER + " token";
        }
        String origin = header.apply("Origin");
        if (origin != null) {
            String host = header.apply("Host");
            String originHost;
            try {
                originHost = URI.create(origin).getRawAuthority();
            } catch (IllegalArgumentException e) {
                originHost = null;
            }
            if (host == null || originHost == null || !originHost.equalsIgnoreCase(host)) {
                return "cross-origin request refused (Origin " + origin + ")";
            }
        }
        return null;
    }
}
