package io.gearmancdi.se;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gearmancdi.admin.FunctionStatus;
import io.gearmancdi.cdi.WorkerManager;
import io.gearmancdi.dashboard.Dashboard;
import io.gearmancdi.dashboard.DashboardRequest;
import io.gearmancdi.dashboard.DashboardResponse;
import io.gearmancdi.dashboard.Permission;
import io.gearmancdi.health.HealthReport;
import io.gearmancdi.health.ServerSampler;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP endpoint of {@link GearmanWorkerMain} ({@code --http-port}): {@code /health/live}, {@code /health/ready},
 * {@code /health/started} and {@code /health} (all three) in MicroProfile Health's JSON format, HTTP 200 when UP and
 * 503 when DOWN; {@code /metrics} in the Prometheus text format; the dashboard at {@code /gearman/} (read-only unless
 * {@code --dashboard-actions}); any other path 404. On the JDK's
 * {@code com.sun.net.httpserver} with a few daemon threads, so that a liveness probe never waits behind a readiness
 * probe that is waiting for an unreachable job server.
 */
final class HttpEndpoint implements AutoCloseable {
    private static final String JSON = "application/json";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException if the address cannot be bound
     */
    static HttpEndpoint start(String host, int port, WorkerManager manager) throws IOException {
        return start(host, port, manager, null, Permission.READ);
    }

    /**
     * Binds and starts serving, with the dashboard at {@code /gearman/}.
     *
     * @param dashboard  the dashboard, or {@code null} for none
     * @param permission what every caller of the dashboard may do (there are no users here)
     * @throws IOException if the address cannot be bound
     */
    static HttpEndpoint start(String host, int port, WorkerManager manager, Dashboard dashboard,
                              Permission permission) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread thread = new Thread(r, "gearman-worker-main-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/health/live", health("/health/live", () -> manager.health().liveness()));
        server.createContext("/health/ready", health("/health/ready", () -> manager.health().readiness()));
        server.createContext("/health/started", health("/health/started", () -> manager.health().startup()));
        server.createContext("/health", health("/health", () -> {
            List<HealthReport.Check> all = new java.util.ArrayList<>();
            all.addAll(manager.health().liveness().checks());
            all.addAll(manager.health().readiness().checks());
            return new HealthReport(all);
        }));
        server.createContext("/", exchange -> send(exchange, 404, "text/plain", "not found\n"));
        server.createContext("/metrics", exchange -> {
            if (!exactly("/metrics", exchange)) {
                return;
            }
            Map<String, List<FunctionStatus>> servers = new LinkedHashMap<>();
            for (ServerSampler.Sample sample : manager.health().sampler().sample()) {
                if (sample.reachable()) {
                    servers.put(sample.server().toString(), sample.status());
                }
            }
            send(exchange, 200, PROMETHEUS, manager.metrics().scrape(manager.connections(), servers));
        });
        if (dashboard != null) {
            server.createContext("/gearman", exchange -> dashboard(exchange, dashboard, permission));
        }
        server.start();
        return new HttpEndpoint(server, executor);
    }

    /** @return the bound port (useful with port 0) */
    int port() {
        return server.getAddress().getPort();
    }

    private static com.sun.net.httpserver.HttpHandler health(String path, Supplier<HealthReport> check) {
        return exchange -> {
            if (exactly(path, exchange)) {
                respond(exchange, check.get());
            }
        };
    }

    /** Contexts match by prefix: answers 404 to {@code /health/lively} and the like. */
    private static boolean exactly(String path, HttpExchange exchange) throws IOException {
        String asked = exchange.getRequestURI().getPath();
        if (asked.equals(path) || asked.equals(path + "/")) {
            return true;
        }
        send(exchange, 404, "text/plain", "not found\n");
        return false;
    }

    private static void dashboard(HttpExchange exchange, Dashboard dashboard, Permission permission)
            throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!path.equals("/gearman") && !path.startsWith("/gearman/")) {
            send(exchange, 404, "text/plain", "not found\n");
            return;
        }
        DashboardResponse answer;
        try {
            answer = dashboard.handle(new DashboardRequest(exchange.getRequestMethod(),
                    path.substring("/gearman".length()), exchange.getRequestURI().getRawQuery(),
                    name -> exchange.getRequestHeaders().getFirst(name), permission));
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain", "dashboard failed: " + e + "\n");
            return;
        }
        try (exchange) {
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(answer.status(), head || answer.body().length == 0 ? -1
                    : answer.body().length);
            if (!head && answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }

    private static void respond(HttpExchange exchange, HealthReport report) throws IOException {
        send(exchange, report.up() ? 200 : 503, JSON, report.toJson());
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
