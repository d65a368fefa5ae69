package io.gearmancdi.cdi.typed;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Serves {@link Flaky}: each job fails a fixed number of times per key, then answers with its attempt count. */
@ApplicationScoped
public class FlakyBean implements Flaky {
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    @Override
    public String once(String key) {
        return failFirst(1, "once:" + key);
    }

    @Override
    public String thrice(String key) {
        return failFirst(3, "thrice:" + key);
    }

    private String failFirst(int failures, String key) {
        int attempt = attempts.merge(key, 1, Integer::sum);
        if (attempt <= failures) {
            throw new IllegalStateException("attempt " + attempt + " of " + key + " fails on purpose");
        }
        return key + " after " + attempt + " attempts";
    }
}
