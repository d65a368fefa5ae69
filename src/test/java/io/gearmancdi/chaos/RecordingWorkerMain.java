package io.gearmancdi.chaos;

import io.gearmancdi.worker.GearmanWorker;
import io.gearmancdi.worker.WorkerOptions;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A plain worker in its own JVM for the worker-kill experiment: serves FUNCTION with CONNECTIONS connections per
 * server; each job sleeps MILLIS, then appends its payload and a newline to RECORD with one unbuffered write, so that a
 * SIGKILL loses nothing the job has recorded (the kernel keeps the file data). Prints {@code ready} once started.
 *
 * <p>usage: {@code RecordingWorkerMain SERVERS FUNCTION CONNECTIONS MILLIS RECORD}
 */
public final class RecordingWorkerMain {
    private RecordingWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String servers = args[0];
        String function = args[1];
        int connections = Integer.parseInt(args[2]);
        long millis = Long.parseLong(args[3]);
        FileChannel record = FileChannel.open(Path.of(args[4]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        GearmanWorker worker = GearmanWorker.create(WorkerOptions.builder().servers(servers)
                .connectionsPerServer(connections).backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .pollInterval(Duration.ofSeconds(1)).build());
        worker.register(function, job -> {
            Thread.sleep(millis);
            byte[] line = (new String(job.payload(), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (record) {
                record.write(ByteBuffer.wrap(line));
            }
            return null;
        });
        worker.start();
        System.out.println("ready");
        System.out.flush();
        new CountDownLatch(1).await();   // until killed
    }
}
