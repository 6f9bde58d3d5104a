package org.coophive.systemtests;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the whole machine and the Docker engine spent, from Linux's own counters, for a benchmark
 * to set beside its services' JVMs: a job's cost includes the engine's work (dockerd, containerd,
 * a shim per container with the {@code runc} calls it waits for, and the containers themselves).
 *
 * <ul>
 *   <li><b>machine</b>: {@code /proc/stat}'s busy time of every CPU (user, nice, system, irq,
 *       softirq, steal), which includes anything else the machine runs (other builds: see the
 *       load average printed with it);
 *   <li><b>dockerd</b>, <b>containerd</b>: their processes' user and system time ({@code
 *       /proc/PID/stat});
 *   <li><b>containers</b>: the {@code cpuacct} cgroup Docker puts containers under ({@code
 *       /sys/fs/cgroup/cpuacct/docker}, cgroup v1 with the cgroupfs driver; its usage keeps what
 *       removed containers used), absent elsewhere;
 *   <li><b>shims</b>: each {@code containerd-shim} process's own and its reaped children's ({@code
 *       runc}) time, seen by {@link #sample()}; a shim's last moments after the last sample are
 *       missed, so this is a lower bound.
 * </ul>
 */
final class MachineCpu {

    private static final Path PROC = Path.of("/proc");
    private static final long TICK_MS = 10; // USER_HZ is 100 on Linux
    private static final Path CONTAINERS = Path.of("/sys/fs/cgroup/cpuacct/docker/cpuacct.usage");

    /** The largest time (ms) seen per shim process, by pid and start time. */
    private final Map<String, Long> shims = new HashMap<>();

    /** The container each shim process serves (its {@code -id}), by pid and start time. */
    private final Map<String, String> shimContainers = new HashMap<>();

    /** A reading of the counters, in CPU milliseconds. */
    record Reading(Map<String, Long> ms) {

        long get(String name) {
            return ms.getOrDefault(name, 0L);
        }
    }

    /** Reads every counter now (and samples the shims once more). */
    synchronized Reading read() {
        sample();
        Map<String, Long> ms = new TreeMap<>();
        ms.put("machine", machineBusyMs());
        ms.put("dockerd", processMs("dockerd"));
        ms.put("containerd", processMs("containerd"));
        containersMs().ifPresent(v -> ms.put("containers", v));
        ms.put("shims", shims.values().stream().mapToLong(Long::longValue).sum());
        return new Reading(ms);
    }

    /** Looks at the running shims; call often (every 100 ms) while jobs run. */
    synchronized void sample() {
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path pid : pids) {
                String stat = stat(pid);
                if (stat == null || !stat.contains("(containerd-shim")) continue;
                String[] f = fields(stat);
                long ms =
                        (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]))
                                * TICK_MS;
                String key = pid.getFileName() + "@" + f[19];
                shims.merge(key, ms, Math::max);
                shimContainers.computeIfAbsent(key, k -> shimContainer(pid));
            }
        } catch (IOException e) {
            // No /proc: nothing to count.
        }
    }

    /**
     * The shims' time (ms) so far for the containers {@code ids} only: the part of the engine-wide
     * shims figure that one stack's containers cost.
     */
    synchronized long shimsOf(java.util.Set<String> ids) {
        long sum = 0;
        for (Map.Entry<String, Long> e : shims.entrySet())
            if (ids.contains(shimContainers.get(e.getKey()))) sum += e.getValue();
        return sum;
    }

    /** The shims' time (ms) so far per container id. */
    synchronized Map<String, Long> shimsByContainer() {
        sample();
        Map<String, Long> byContainer = new HashMap<>();
        for (Map.Entry<String, Long> e : shims.entrySet())
            byContainer.merge(shimContainers.getOrDefault(e.getKey(), ""), e.getValue(), Long::sum);
        return byContainer;
    }

    /** The container id a shim serves, from its command line ({@code -id ID}), or "". */
    private static String shimContainer(Path pid) {
        try {
            String[] args = Files.readString(pid.resolve("cmdline")).split("\0");
            for (int i = 0; i + 1 < args.length; i++) if (args[i].equals("-id")) return args[i + 1];
        } catch (IOException e) {
            // Ended meanwhile.
        }
        return "";
    }

    private static long machineBusyMs() {
        try {
            String cpu = Files.readAllLines(PROC.resolve("stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) busy += Long.parseLong(f[i]);
            return busy * TICK_MS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** User and system time of every process named {@code comm} (not its reaped children). */
    private static long processMs(String comm) {
        long sum = 0;
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path pid : pids) {
                String stat = stat(pid);
                if (stat == null || !stat.contains("(" + comm + ")")) continue;
                String[] f = fields(stat);
                sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MS;
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    private static Optional<Long> containersMs() {
        try {
            return Optional.of(Long.parseLong(Files.readString(CONTAINERS).strip()) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String stat(Path pid) {
        try {
            return Files.readString(pid.resolve("stat"));
        } catch (IOException e) {
            return null; // ended meanwhile
        }
    }

    /** The fields after the command's closing parenthesis: index 0 is the state (field 3). */
    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
