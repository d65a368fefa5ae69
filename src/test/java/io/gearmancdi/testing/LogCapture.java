package io.gearmancdi.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures the records of one logger (the library logs through {@code System.Logger}, which goes to
 * java.util.logging by default) so that tests can assert what was logged, and how often.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(String name) {
        this.logger = Logger.getLogger(name);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Starts capturing the named logger. */
    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    @Override
    public void publish(LogRecord record) {
        synchronized (records) {
            records.add(record);
            records.notifyAll();
        }
    }

    /** @return the captured records matching the level and whose formatted message contains the text */
    public List<LogRecord> matching(Level level, String text) {
        Predicate<LogRecord> p = r -> r.getLevel().equals(level) && message(r).contains(text);
        return records.stream().filter(p).toList();
    }

    /** @return every captured record containing the text, any level */
    public List<LogRecord> containing(String text) {
        return records.stream().filter(r -> message(r).contains(text)).toList();
    }

    /** Waits (bounded) until a record of that level containing the text was logged. */
    public boolean await(Level level, String text, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (records) {
            while (matching(level, text).isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                records.wait(Math.max(1, left / 1_000_000L));
            }
            return true;
        }
    }

    private static String message(LogRecord r) {
        return r.getMessage() == null ? "" : r.getMessage();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
