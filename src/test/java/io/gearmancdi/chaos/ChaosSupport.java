package io.gearmancdi.chaos;

import io.gearmancdi.SubmitOptions;
import io.gearmancdi.client.JobClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers of the chaos experiments: child worker JVMs, background submissions, counting executions. */
final class ChaosSupport {
    private ChaosSupport() {
    }

    /** Starts {@link RecordingWorkerMain} in a child JVM (stdout and stderr to {@code log}). */
    static Process childWorker(String servers, String function, int connections, long millis, Path record, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.util.logging.config.file="
                + Path.of("src/test/resources/logging.properties").toAbsolutePath());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RecordingWorkerMain.class.getName());
        command.addAll(List.of(servers, function, Integer.toString(connections), Long.toString(millis),
                record.toString()));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills a process with SIGKILL and waits for it. */
    static void killHard(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Submits background jobs {@code job-0 .. job-(n-1)} (payload = unique) and waits (bounded) until all are queued. */
    static void submitBackground(JobClient client, String function, int n) throws Exception {
        List<CompletableFuture<?>> handles = new ArrayList<>(n);
        // a persistent queue writes every submit through: about 10-20 ms each on a busy disk, so the JOB_CREATED of
        // the last of n pipelined submits comes long after the client's default submit timeout
        Duration bound = Duration.ofSeconds(120 + n / 20);
        for (int i = 0; i < n; i++) {
            String id = "job-" + i;
            handles.add(client.submitBackground(function, id.getBytes(StandardCharsets.UTF_8),
                    SubmitOptions.builder().unique(id).timeout(bound).build()));
        }
        CompletableFuture.allOf(handles.toArray(CompletableFuture[]::new)).get(bound.toSeconds(), TimeUnit.SECONDS);
    }

    /** @return how often each recorded id appears in the record files */
    static Map<String, Integer> executions(Path... records) {
        Map<String, Integer> counts = new HashMap<>();
        for (Path record : records) {
            if (!Files.exists(record)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
                    if (!line.isEmpty()) {
                        counts.merge(line, 1, Integer::sum);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return counts;
    }

    /** @return the number of lines (executions) recorded so far */
    static long recorded(Path record) {
        try {
            return Files.exists(record) ? Files.readAllLines(record, StandardCharsets.UTF_8).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} every 20 ms for at most {@code seconds}; @return whether it came true */
    static boolean await(long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    /** @return ids {@code job-0 .. job-(n-1)} that {@code counts} lacks */
    static long lost(Map<String, Integer> counts, int n) {
        long lost = 0;
        for (int i = 0; i < n; i++) {
            if (!counts.containsKey("job-" + i)) {
                lost++;
            }
        }
        return lost;
    }

    /** @return executions beyond the first of each id */
    static long duplicated(Map<String, Integer> counts) {
        return counts.values().stream().mapToLong(c -> c - 1).sum();
    }
}
