package io.gearmancdi.dashboard;

/**
 * What the caller of a dashboard request may do, decided by the host: in a container from the roles
 * {@code gearman-viewer} and {@code gearman-admin}, standalone from {@code --dashboard-actions}.
 *
 * @since 1.1
 */
public enum Permission {
    /** May not even look. */
    NONE,
    /** May read every page and API, but not retry or cancel jobs. */
    READ,
    /** May read, retry failed jobs and cancel queued ones. */
    ACT;

    /** @return whether the caller may read */
    public boolean mayRead() {
        return this != NONE;
    }

    /** @return whether the caller may retry and cancel */
    public boolean mayAct() {
        return this == ACT;
    }
}
