package io.gearmancdi.admin;

import java.util.List;

/**
 * One line of the {@code workers} admin reply. gearmand lists every connection, clients and the admin connection
 * included; those have no functions.
 *
 * @param fd        the server-side file descriptor of the connection
 * @param ip        the peer address as the server shows it
 * @param clientId  the id set with {@code SET_CLIENT_ID}, or {@code null} if none was set (shown as {@code -})
 * @param functions the functions the connection can do, in the server's order
 */
public record WorkerInfo(int fd, String ip, String clientId, List<String> functions) {
    /** Copies the function list. */
    public WorkerInfo {
        functions = List.copyOf(functions);
    }
}
