package io.gearmancdi.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's files, read once from the class path: its own page, script and style, and uPlot from the WebJar
 * {@code org.webjars.npm:uplot}. Only the names listed here are served, so no request can reach another resource.
 */
public final class StaticAssets {
    /** The uPlot version of the WebJar dependency. */
    public static final String UPLOT_VERSION = "1.6.30";

    private static final String OWN = "io/gearmancdi/dashboard/static/";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";
    private static final Map<String, String[]> FILES = Map.of(
            "index.html", new String[]{OWN + "index.html", "text/html; charset=utf-8"},
            "dashboard.js", new String[]{OWN + "dashboard.js", "text/javascript; charset=utf-8"},
            "dashboard.css", new String[]{OWN + "dashboard.css", "text/css; charset=utf-8"},
            "uPlot.iife.min.js", new String[]{UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "uPlot.min.css", new String[]{UPLOT + "uPlot.min.css", "text/css; charset=utf-8"});

    /**
     * A file.
     *
     * @param contentType its type
     * @param bytes       its content
     */
    public record Asset(String contentType, byte[] bytes) {
    }

    private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

    /**
     * @param name a file name, e.g. {@code dashboard.js}
     * @return the file, or empty when it is not one of the dashboard's
     */
    public Optional<Asset> get(String name) {
        String[] file = FILES.get(name);
        if (file == null) {
            return Optional.empty();
        }
        return Optional.of(loaded.computeIfAbsent(name, n -> new Asset(file[1], read(file[0]))));
    }

    private static byte[] read(String resource) {
        ClassLoader loader = StaticAssets.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's resource " + resource + " is not on the class path"
                        + (resource.startsWith("META-INF/resources/webjars/") ? " (add org.webjars.npm:uplot:"
                        + UPLOT_VERSION + ")" : ""));
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
