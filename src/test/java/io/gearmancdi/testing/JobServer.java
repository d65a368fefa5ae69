package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;

/** A job server a test runs against: a real gearmand process or the embedded server. */
public interface JobServer extends AutoCloseable {
    /** @return where it listens */
    ServerAddress address();

    /** @return a short name for test display, e.g. {@code gearmand} or {@code embedded} */
    String kind();

    /** Stops it abruptly (SIGKILL for gearmand): every connection drops, every in-memory job is lost. */
    void kill();

    /** Starts it again on the same port after {@link #kill()}. */
    void restart();

    /** Stops it. */
    @Override
    void close();
}
