package io.gearmancdi.client.internal;

import io.gearmancdi.JobHandle;
import io.gearmancdi.JobListener;
import io.gearmancdi.Priority;
import io.gearmancdi.ServerAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A foreground job this client waits for, with every local caller attached to it (local coalescing: callers that
 * submit the same function and unique while it is pending share one wire submission).
 *
 * <p>Guarded by its own monitor; completion happens outside it.
 */
final class ForegroundJob {
    final String function;
    final String unique;
    final byte[] payload;
    final Priority priority;
    final Key key;
    private final List<Waiter> waiters = new ArrayList<>(1);
    private int retriesLeft;
    private boolean finished;
    private volatile String handle;
    private volatile ServerAddress server;
    private volatile JobHandle jobHandle;

    ForegroundJob(String function, String unique, byte[] payload, Priority priority, int retries) {
        this.function = function;
        this.unique = unique;
        this.payload = payload;
        this.priority = priority;
        this.retriesLeft = retries;
        this.key = new Key(function, unique);
    }

    /** What local coalescing matches on: function and unique (a concatenated string cost more per job). */
    static final class Key {
        private final String function;
        private final String unique;
        private final int hash;

        Key(String function, String unique) {
            this.function = function;
            this.unique = unique;
            this.hash = 31 * function.hashCode() + unique.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && unique.equals(k.unique) && function.equals(k.function);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A caller waiting for the result. */
    static final class Waiter {
        final CompletableFuture<byte[]> future = new CompletableFuture<>();
        final JobListener listener;
        /** The future never reaches the application (a synchronous call): complete it on the reader, no hop. */
        final boolean inPlace;
        /** Where the listener's events and then the completion run, in order; {@code null} without a listener. */
        final Completions.Lane lane;
        volatile DeadlineTimer.Entry timeout;

        Waiter(JobListener listener, boolean inPlace, Completions completions) {
            this.listener = listener;
            this.inPlace = inPlace;
            this.lane = listener == JobListener.NONE ? null : completions.newLane();
        }
    }

    /** @return false if the job no longer accepts waiters (it finished or was abandoned) */
    synchronized boolean attach(Waiter waiter) {
        if (finished) {
            return false;
        }
        waiters.add(waiter);
        return true;
    }

    synchronized void detach(Waiter waiter) {
        waiters.remove(waiter);
    }

    synchronized boolean hasWaiters() {
        return !waiters.isEmpty();
    }

    /** Takes every waiter away, for completion outside the lock. */
    synchronized List<Waiter> drain() {
        List<Waiter> all = new ArrayList<>(waiters);
        waiters.clear();
        finished = true;
        return all;
    }

    synchronized List<Waiter> snapshot() {
        return new ArrayList<>(waiters);
    }

    /** Uses up one retry; @return whether there was one */
    synchronized boolean takeRetry() {
        if (retriesLeft > 0 && !waiters.isEmpty()) {
            retriesLeft--;
            return true;
        }
        return false;
    }

    void created(ServerAddress server, String handle) {
        this.server = server;
        this.jobHandle = null;
        this.handle = handle;
    }

    void resetForResubmit() {
        this.handle = null;
        this.server = null;
        this.jobHandle = null;
    }

    String handle() {
        return handle;
    }

    JobHandle jobHandle() {
        JobHandle h = jobHandle;
        if (h == null && handle != null) {
            h = new JobHandle(server, handle, unique);
            jobHandle = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return "job " + function + " (unique " + unique + (handle == null ? "" : ", handle " + handle) + ")";
    }
}
