package io.gearmancdi.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one health procedure (liveness, readiness or startup): its checks, and UP only if all are UP.
 *
 * @param checks the checks, in a stable order
 * @since 1.1
 */
public record HealthReport(List<Check> checks) {

    /**
     * One check.
     *
     * @param name what was checked, e.g. {@code gearman-server localhost:4730}
     * @param up   whether it is fine
     * @param data details: for DOWN, {@code reason} says why, naming the server or job; values are strings, numbers
     *             or booleans
     */
    public record Check(String name, boolean up, Map<String, Object> data) {
        /** Copies the data, keeping its order. */
        public Check {
            Objects.requireNonNull(name, "name");
            data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }
    }

    /** Copies the list. */
    public HealthReport {
        checks = List.copyOf(checks);
    }

    /** @return whether every check is UP (an empty report is UP) */
    public boolean up() {
        return checks.stream().allMatch(Check::up);
    }

    /** @return the reasons of the DOWN checks, one per line, for logs and exceptions */
    public String describeDown() {
        StringBuilder b = new StringBuilder();
        for (Check check : checks) {
            if (!check.up()) {
                b.append(b.length() == 0 ? "" : "\n").append(check.name()).append(": ").append(check.data().get("reason"));
            }
        }
        return b.toString();
    }

    /**
     * @return the report in MicroProfile Health's JSON format: {@code {"status":"UP","checks":[{"name":…,
     *         "status":"UP","data":{…}}]}}
     */
    public String toJson() {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"status\":\"").append(up() ? "UP" : "DOWN").append("\",\"checks\":[");
        for (int i = 0; i < checks.size(); i++) {
            Check check = checks.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":");
            quote(b, check.name());
            b.append(",\"status\":\"").append(check.up() ? "UP" : "DOWN").append('"');
            if (!check.data().isEmpty()) {
                b.append(",\"data\":{");
                boolean first = true;
                for (Map.Entry<String, Object> e : check.data().entrySet()) {
                    b.append(first ? "" : ",");
                    first = false;
                    quote(b, e.getKey());
                    b.append(':');
                    Object v = e.getValue();
                    if (v instanceof Number || v instanceof Boolean) {
                        b.append(v);
                    } else {
                        quote(b, String.valueOf(v));
                    }
                }
                b.append('}');
            }
            b.append('}');
        }
        return b.append("]}").toString();
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
