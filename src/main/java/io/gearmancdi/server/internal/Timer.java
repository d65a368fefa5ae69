package io.gearmancdi.server.internal;

import java.util.PriorityQueue;

/** A one-shot action run by the selector thread at a deadline; cancelling only marks it, the queue drops it later. */
final class Timer implements Comparable<Timer> {
    final long deadlineNanos;
    final Runnable action;
    boolean cancelled;

    Timer(long deadlineNanos, Runnable action) {
        this.deadlineNanos = deadlineNanos;
        this.action = action;
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public int compareTo(Timer o) {
        return Long.compare(deadlineNanos, o.deadlineNanos);
    }

    /** The timers of one server, used only by its selector thread. */
    static final class Queue {
        private final PriorityQueue<Timer> timers = new PriorityQueue<>();

        Timer schedule(long delayNanos, Runnable action) {
            Timer timer = new Timer(System.nanoTime() + Math.max(0, delayNanos), action);
            timers.add(timer);
            return timer;
        }

        /** @return milliseconds until the next live timer (at least 1), or 0 if there is none (select forever) */
        long millisToNext() {
            Timer next;
            while ((next = timers.peek()) != null && next.cancelled) {
                timers.poll();
            }
            if (next == null) {
                return 0;
            }
            long nanos = next.deadlineNanos - System.nanoTime();
            return nanos <= 0 ? -1 : Math.max(1, (nanos + 999_999) / 1_000_000);
        }

        /** Runs every timer that is due. */
        void runDue() {
            long now = System.nanoTime();
            Timer next;
            while ((next = timers.peek()) != null && (next.cancelled || next.deadlineNanos - now <= 0)) {
                timers.poll();
                if (!next.cancelled) {
                    next.cancelled = true;
                    next.action.run();
                }
            }
        }

        void clear() {
            timers.clear();
        }
    }
}
