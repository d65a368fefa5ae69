package io.gearmancdi.client.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client's timer: a deadline per foreground job and per background submission, cancelled when it is answered,
 * plus each connection's heartbeat watchdog and the rare resubmission back-offs.
 * Built for "almost every deadline is cancelled and most share one timeout": entries with the same delay go to the tail
 * of that delay's list, which stays in deadline order, so scheduling and cancelling are O(1) under one short lock, and
 * the thread is woken only when a new deadline is earlier than the one it sleeps until (a
 * {@code ScheduledThreadPoolExecutor} re-sorts a heap per job and, with one job in flight, wakes its thread per job).
 * Actions run on the timer's daemon thread, {@code gearman-client-timer}; they must not block.
 */
final class DeadlineTimer {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition earlier = lock.newCondition();
    private final Map<Long, Lane> lanes = new HashMap<>();
    private final Thread thread;
    private Lane recent; // the lane used last: nearly every job has the same timeout, so skip the map lookup
    private long wakeAt; // the deadline the thread sleeps until; valid when sleeping is true
    private boolean sleeping;
    private boolean started;
    private boolean closed;

    /** @param threadName the name of the timer's thread, started on the first {@link #schedule} */
    DeadlineTimer(String threadName) {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    /** A scheduled action; {@link #cancel()} is idempotent and harmless after it ran. */
    final class Entry {
        private final long due;
        private final Runnable action;
        private Lane lane;        // null once fired or cancelled; guarded by lock
        private Entry prev;
        private Entry next;

        private Entry(long due, Runnable action) {
            this.due = due;
            this.action = action;
        }

        /** Forgets the action if it has not run yet. */
        void cancel() {
            lock.lock();
            try {
                if (lane != null) {
                    lane.unlink(this);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** The entries of one delay, in deadline order. */
    private final class Lane {
        private final long delay;
        private Entry head;
        private Entry tail;

        private Lane(long delay) {
            this.delay = delay;
        }

        private void append(Entry e) {
            e.lane = this;
            e.prev = tail;
            if (tail == null) {
                head = e;
            } else {
                tail.next = e;
            }
            tail = e;
        }

        private void unlink(Entry e) {
            if (e.prev == null) {
                head = e.next;
            } else {
                e.prev.next = e.next;
            }
            if (e.next == null) {
                tail = e.prev;
            } else {
                e.next.prev = e.prev;
            }
            e.prev = null;
            e.next = null;
            e.lane = null;
            if (head == null) {
                lanes.remove(delay); // distinct delays come and go: keep only those in use
            }
        }
    }

    /**
     * Runs {@code action} on the timer thread after {@code delayNanos}, unless cancelled first.
     *
     * @return the entry to cancel, or {@code null} if the timer is closed (the action will never run)
     */
    Entry schedule(long delayNanos, Runnable action) {
        long delay = Math.max(0, delayNanos);
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            if (!started) {
                started = true;
                thread.start();
            }
            // the deadline is taken under the lock, so that each lane is appended to in deadline order
            Entry e = new Entry(System.nanoTime() + delay, action);
            Lane lane = recent;
            if (lane == null || lane.delay != delay || lane.head == null) {
                lane = lanes.computeIfAbsent(delay, Lane::new); // an empty lane has left the map: look it up again
                recent = lane;
            }
            lane.append(e);
            if (sleeping && e.due - wakeAt < 0) {
                sleeping = false;
                earlier.signal();
            }
            return e;
        } finally {
            lock.unlock();
        }
    }

    /** @return how many actions are scheduled and neither run nor cancelled */
    int pending() {
        lock.lock();
        try {
            int n = 0;
            for (Lane lane : lanes.values()) {
                for (Entry e = lane.head; e != null; e = e.next) {
                    n++;
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread; actions not yet run never run. */
    void close() {
        lock.lock();
        try {
            closed = true;
            lanes.clear();
            earlier.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        List<Runnable> dueNow = new ArrayList<>();
        while (true) {
            lock.lock();
            try {
                while (!closed && collectDue(dueNow)) {
                    sleepUntilNext();
                }
                if (closed) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            for (Runnable action : dueNow) {
                try {
                    action.run();
                } catch (RuntimeException | Error e) {
                    ClientMessages.timerActionFailed(e);
                }
            }
            dueNow.clear();
        }
    }

    /** Moves the due entries' actions to {@code out}; @return true if there were none (the caller then sleeps). */
    private boolean collectDue(List<Runnable> out) {
        long now = System.nanoTime();
        for (Lane lane : new ArrayList<>(lanes.values())) {
            Entry e;
            while ((e = lane.head) != null && e.due - now <= 0) {
                lane.unlink(e);
                out.add(e.action);
            }
        }
        return out.isEmpty();
    }

    private void sleepUntilNext() throws InterruptedException {
        Entry earliest = null; // lanes are in deadline order: the earliest entry is one of their heads
        for (Lane lane : lanes.values()) {
            if (earliest == null || lane.head.due - earliest.due < 0) {
                earliest = lane.head;
            }
        }
        sleeping = true;
        if (earliest != null) {
            wakeAt = earliest.due;
            earlier.awaitNanos(wakeAt - System.nanoTime());
        } else {
            wakeAt = System.nanoTime() + TimeUnit.DAYS.toNanos(365);
            earlier.await();
        }
        sleeping = false;
    }
}
