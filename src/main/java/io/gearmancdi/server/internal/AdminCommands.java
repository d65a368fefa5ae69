package io.gearmancdi.server.internal;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;

/**
 * The admin text protocol, with gearmand 1.1.20's reply formats and terminators (lists end with {@code .\n},
 * OK/ERR status lines with {@code \r\n}, {@code getpid}/{@code version}/{@code verbose} with {@code \n}) so that
 * {@code gearadmin} and existing scripts parse them.
 */
final class AdminCommands {
    private final Engine engine;
    private final EventLoop loop;

    AdminCommands(Engine engine, EventLoop loop) {
        this.engine = engine;
        this.loop = loop;
    }

    /** Runs one line and returns the reply, encoded byte for byte (names are ISO-8859-1 strings). */
    byte[] run(ServerConnection c, String line) {
        // the decoder read the line as UTF-8; our names are raw bytes as ISO-8859-1, so convert back
        String raw = new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String[] args = raw.isEmpty() ? new String[0] : raw.split(" +", -1);
        if (args.length > 0 && args[args.length - 1].isEmpty()) {
            args = java.util.Arrays.copyOf(args, args.length - 1);
        }
        String reply = reply(c, args);
        return reply.getBytes(StandardCharsets.ISO_8859_1);
    }

    private String reply(ServerConnection c, String[] args) {
        if (args.length == 0 || args[0].isEmpty()) {
            return "ERR UNKNOWN_COMMAND Unknown+server+commandNULL\r\n";
        }
        String command = args[0].toLowerCase(Locale.ROOT);
        switch (command) {
            case "workers":
                return workers();
            case "status":
                return status();
            case "prioritystatus":
                return priorityStatus();
            case "getpid":
                return "OK " + ProcessHandle.current().pid() + "\n";
            case "verbose":
                return "OK INFO\n";
            case "version":
                return "OK " + engine.settings.version() + "\n";
            case "maxqueue":
                return args.length == 1 ? invalidArguments(args[0]) : maxQueue(args);
            case "shutdown":
                if (!engine.settings.adminShutdown()) {
                    // gearmand 1.1.15+ has no shutdown and answers UNKNOWN_COMMAND: same code, so tools react the
                    // same way, with a text that says how to allow it
                    return "ERR UNKNOWN_COMMAND shutdown+is+disabled+on+this+server+(allow-admin-shutdown)\r\n";
                }
                if (args.length == 1 || args.length == 2 && args[1].equalsIgnoreCase("graceful")) {
                    loop.shutdownAfterFlush();
                    return "OK\r\n";
                }
                return unknown(args[0]);
            default:
                break;
        }
        if (command.equals("cancel") && args.length >= 3) {
            if (args.length == 3 && args[1].equalsIgnoreCase("job")) {
                return engine.cancel(args[2]) ? "OK\r\n" : "ERR UNKNOWN_JOB\r\n";
            }
            return "ERR UNKNOWN_ERROR\r\n";
        }
        if (command.equals("show") && args.length >= 2) {
            if (args.length == 3 && args[1].equalsIgnoreCase("unique") && args[2].equalsIgnoreCase("jobs")) {
                return showUniqueJobs();
            }
            if (args.length == 2 && args[1].equalsIgnoreCase("jobs")) {
                return showJobs();
            }
            return "ERR UNKNOWN_SHOW_ARGUMENTS\r\n";
        }
        if (command.equals("create")) {
            if (args.length == 3 && args[1].equalsIgnoreCase("function")) {
                engine.function(args[2]);
                return "OK\r\n";
            }
            return invalidArguments(args[0]);
        }
        if (command.equals("drop")) {
            if (args.length == 3 && args[1].equalsIgnoreCase("function")) {
                return engine.drop(args[2]);
            }
            return invalidArguments(args[0]);
        }
        return unknown(args[0]);
    }

    private static String unknown(String command) {
        return "ERR UNKNOWN_COMMAND Unknown+server+command" + command + "\r\n";
    }

    private static String invalidArguments(String command) {
        return "ERR INVALID_ARGUMENTS An+incomplete+set+of+arguments+was+sent+to+this+command+" + command + "\r\n";
    }

    private String workers() {
        StringBuilder s = new StringBuilder();
        for (ServerConnection con : loop.connections()) {
            s.append(con.id).append(' ').append(con.host).append(' ').append(con.clientId).append(" :");
            for (FunctionQueue f : con.abilities.keySet()) {
                s.append(' ').append(f.name);
            }
            s.append('\n');
        }
        return s.append(".\n").toString();
    }

    private String status() {
        StringBuilder s = new StringBuilder();
        for (FunctionQueue f : engine.functions.values()) {
            s.append(f.name).append('\t').append(f.total).append('\t').append(f.running).append('\t')
                    .append(f.workers.size()).append('\n');
        }
        return s.append(".\n").toString();
    }

    private String priorityStatus() {
        StringBuilder s = new StringBuilder();
        for (FunctionQueue f : engine.functions.values()) {
            // epoch jobs wait in gearmand's normal list, so they count as NORMAL here too
            s.append(f.name).append('\t').append(f.queues[Job.HIGH].size()).append('\t')
                    .append(f.queues[Job.NORMAL].size() + f.delayed).append('\t').append(f.queues[Job.LOW].size())
                    .append('\t').append(f.workers.size()).append('\n');
        }
        return s.append(".\n").toString();
    }

    private String showJobs() {
        StringBuilder s = new StringBuilder();
        for (Job job : engine.jobs.values()) {
            s.append(job.handle).append('\t').append(job.retries).append('\t').append(job.ignored ? 1 : 0)
                    .append('\t').append(job.background ? 1 : 0).append('\n');
        }
        return s.append(".\n").toString();
    }

    private String showUniqueJobs() {
        StringBuilder s = new StringBuilder();
        Collection<Job> all = engine.jobs.values();
        for (Job job : all) { // like gearmand: every job, also those with an empty unique
            s.append(new String(job.unique, StandardCharsets.ISO_8859_1)).append('\n');
        }
        return s.append(".\n").toString();
    }

    /** {@code maxqueue F} resets, {@code maxqueue F N} sets all, {@code maxqueue F H N L} each priority (as 1.1.20). */
    private String maxQueue(String[] args) {
        int[] limits = new int[3];
        for (int priority = 0; priority < 3; priority++) {
            int index = priority + 2;
            limits[priority] = args.length > index ? (int) Math.max(0, Math.min(Integer.MAX_VALUE,
                    Engine.atoi(args[index].getBytes(StandardCharsets.ISO_8859_1)))) : 0;
        }
        if (args.length <= 3) {
            limits[1] = limits[0];
            limits[2] = limits[0];
        }
        FunctionQueue f = engine.functions.get(args[1]);
        if (f != null) {
            System.arraycopy(limits, 0, f.maxQueue, 0, 3);
        }
        return "OK\r\n";
    }
}
