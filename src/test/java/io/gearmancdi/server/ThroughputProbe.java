package io.gearmancdi.server;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketConnection;
import io.gearmancdi.protocol.PacketDecoder;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.Gearmand;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Manual throughput probe, not a test (no timing assertions anywhere): N foreground jobs pipelined by one client
 * (window of 1000 in flight) through one worker that grabs in batches, against the embedded server and gearmand.
 * Run: {@code java -cp target/classes:target/test-classes io.gearmancdi.server.ThroughputProbe [jobs]}.
 */
public final class ThroughputProbe {
    private ThroughputProbe() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        for (int round = 0; round < 2; round++) {
            try (EmbeddedGearmanServer server = EmbeddedGearmanServer.builder().port(0).build().start()) {
                report("embedded", run(server.address(), jobs), jobs);
            }
            try (Gearmand gearmand = Gearmand.start()) {
                report("gearmand", run(gearmand.address(), jobs), jobs);
            }
        }
    }

    private static void report(String what, long nanos, int jobs) {
        System.out.printf("%-9s %,d jobs in %,d ms = %,.0f jobs/s%n", what, jobs, nanos / 1_000_000,
                jobs / (nanos / 1e9));
    }

    private static long run(ServerAddress address, int jobs) throws Exception {
        byte[] payload = new byte[100];
        PacketConnection client = PacketConnection.open(address, Duration.ofSeconds(5),
                PacketDecoder.DEFAULT_MAX_BODY_SIZE);
        PacketConnection worker = PacketConnection.open(address, Duration.ofSeconds(5),
                PacketDecoder.DEFAULT_MAX_BODY_SIZE);
        worker.send(Packet.requestText(PacketType.CAN_DO, "bench"));
        Semaphore window = new Semaphore(1000);
        long start = System.nanoTime();
        Thread reader = new Thread(() -> {
            try {
                int done = 0;
                while (done < jobs) {
                    Packet p = client.read();
                    if (p.type() == PacketType.WORK_COMPLETE) {
                        done++;
                        window.release();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread work = new Thread(() -> {
            try {
                int done = 0;
                int batch = 100;
                List<Packet> out = new ArrayList<>();
                while (done < jobs) {
                    for (int i = 0; i < batch; i++) {
                        out.add(Packet.request(PacketType.GRAB_JOB_UNIQ));
                    }
                    worker.sendAll(out);
                    out.clear();
                    for (int i = 0; i < batch; i++) {
                        Packet p = worker.read();
                        if (p.type() == PacketType.JOB_ASSIGN_UNIQ) {
                            out.add(Packet.request(PacketType.WORK_COMPLETE, p.argument(0), p.argument(3)));
                            done++;
                        }
                    }
                    if (out.isEmpty()) {
                        Thread.sleep(1); // nothing queued yet: the client is behind
                    }
                    worker.sendAll(out);
                    out.clear();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        work.start();
        List<Packet> burst = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            window.acquire();
            burst.add(Packet.request(PacketType.SUBMIT_JOB, Packet.utf8("bench"), Packet.utf8("u" + i), payload));
            if (burst.size() == 100 || i == jobs - 1) {
                client.sendAll(burst);
                burst.clear();
            }
        }
        reader.join();
        work.join();
        long nanos = System.nanoTime() - start;
        client.close();
        worker.close();
        return nanos;
    }
}
