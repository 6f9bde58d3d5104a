package org.coophive.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.TopContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate in front of a job made ready while its agreement is mined: the job's container is
 * <em>started</em> early with a program of a few hundred bytes as its entrypoint, which waits for
 * one byte on its standard input and then runs the module's own command as its child (same user,
 * environment, working directory, limits and capabilities). So the container's start is off the
 * job's path, and only writing that byte is on it, once both parties agreed. Before the byte,
 * nothing of the job runs.
 *
 * <p>The gate ({@code executor/src/main/gate/gate-amd64.s}; amd64 engines only, other engines get
 * no gate and start the container as before) reads one byte from standard input. With it, it
 * renames itself {@value #OPENED} (what the engine's {@code top} shows) and forks; the child makes
 * {@code /dev/null} its standard input (as for any job container) and tries {@code execve} on each
 * candidate path of the command ({@link #entrypoint}: the command itself when it holds a {@code /},
 * else each directory of the container's {@code PATH}, as the runtime's own lookup does); when none
 * runs it writes one line to stderr and exits 127. The gate stays the container's first process: it
 * reaps what the job leaves behind, and once the job's process ended it writes a mark with the
 * job's wait status after the job's own output on stdout and on stderr ({@link GateOutput}), then
 * waits to be removed. So the job's end is known while its container, and the outputs volume that
 * container mounts, still stand: the outputs are copied from the job's own container, and no
 * second container has to hold the volume. On end of input before the byte (the executor that
 * attached went away) it never runs the job and only waits to be removed ({@code pause}).
 *
 * <p>It reaches the container through the volume {@value #VOLUME_PREFIX}{@code <arch>-<hash>},
 * labelled {@value #LABEL}, written once (by a container of the outputs holder image that never
 * starts) and mounted read-only at {@value #MOUNT}: the one thing a gated job sees more than one
 * started directly. The engine's {@code top} tells a container still at its gate ({@link
 * #isClosed}) from one whose job ran, for the start sweep and the pick-up after a crash.
 */
final class JobGate {

    /** Where a gated container mounts the gate's volume, read-only. */
    static final String MOUNT = "/.coophive";

    /** The gate program in a gated container. */
    static final String PROGRAM = MOUNT + "/gate";

    /** What the gate calls itself once opened (its job ran or runs). */
    static final String OPENED = MOUNT + "/open";

    /** What the name of the gate's volume starts with. */
    static final String VOLUME_PREFIX = "coophive-gate-";

    /** The label of the gate's volume ({@code true}). */
    static final String LABEL = "org.coophive.gate";

    /** The {@code PATH} the engine gives a container whose image and job set none. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** The gate for amd64, assembled from executor/src/main/gate/gate-amd64.s. */
    private static final byte[] AMD64 = HexFormat.of()
            .parseHex("4889e34883ec4031c031ff4889e6ba010000000f054883f801740f4883f8fc74e6b8220000000f05ebf7"
                    + "488b7308817e0b67617465750d807e0f007507c7460b6f70656eb8390000000f054885c00f84b8000000"
                    + "c70424007e000078264989c4b83d00000048c7c7ffffffff4889e631d24531d20f054c39e074204883f8"
                    + "f6741aebddb801000000bf02000000488d3560010000ba310000000f05488d7c2410488d357e010000b9"
                    + "10000000f3a48b04244c8d057d010000b90400000066c1c00489c283e20f418a1410881748ffc7ffc975"
                    + "eac6070a48ffc7488d7424104989fd4929f5b801000000bf010000004c89ea0f05b801000000bf020000"
                    + "00488d7424104c89ea0f05e915ffffffb80300000031ff0f05b802000000488d3d8600000031f631d20f"
                    + "05488b0b4c8d6b084d8d74cd0841bf010000004b8b74fd004885f6744066813e2d2d7506807e02007405"
                    + "49ffc7ebe44b8d6cfd0848837d0000742241bc010000004d39fc73174b8b7ce5004889ee4c89f2b83b00"
                    + "00000f0549ffc4ebe4b801000000bf02000000488d351d000000ba430000000f05b8e7000000bf7f0000"
                    + "000f052f6465762f6e756c6c00636f6f706869766520676174653a20746865206d6f64756c6527732063"
                    + "6f6d6d616e6420776173206e6f7420666f756e64206f722063616e6e6f742062652072756e0a636f6f70"
                    + "6869766520676174653a2063616e6e6f7420737461727420746865206d6f64756c65277320636f6d6d61"
                    + "6e640a0a00636f6f70686976652d676174652030313233343536373839616263646566");

    private static final Logger log = LoggerFactory.getLogger(JobGate.class);

    private final DockerClient docker;
    private final OutputsSpace outputsSpace;
    private volatile String volume;
    private volatile boolean unavailable;

    JobGate(DockerClient docker, OutputsSpace outputsSpace) {
        this.docker = docker;
        this.outputsSpace = outputsSpace;
    }

    /** The gate as a static Linux executable for {@code arch}, if there is one for it. */
    static Optional<byte[]> program(String arch) {
        return "amd64".equals(arch) ? Optional.of(OutputsSpace.elf(62, AMD64)) : Optional.empty();
    }

    /**
     * The volume holding the gate, written once per engine; empty when this engine gets no gate
     * (not amd64, or the volume could not be written: logged once, jobs then start as before).
     */
    synchronized Optional<String> volume() {
        if (volume != null) return Optional.of(volume);
        if (unavailable) return Optional.empty();
        try {
            String arch = OutputsSpace.imageArchitecture(docker.infoCmd().exec().getArchitecture());
            Optional<byte[]> program = program(arch);
            if (program.isEmpty()) {
                unavailable = true;
                log.info("no job gate for a {} engine: prepared jobs start once both parties agreed", arch);
                return Optional.empty();
            }
            String name = VOLUME_PREFIX + arch + "-"
                    + OutputsSpace.sha256(program.get()).substring(0, 12);
            write(name, program.get());
            volume = name;
            return Optional.of(name);
        } catch (RuntimeException e) {
            unavailable = true;
            log.warn("cannot make the job gate ({}): prepared jobs start once both parties agreed", e.toString());
            return Optional.empty();
        }
    }

    /**
     * Forgets that the gate's volume is ready, after a gated container failed to start (e.g. the
     * volume was pruned and the engine made an empty one): the next job writes it again.
     */
    void recheck() {
        volume = null;
    }

    /** Creates the volume {@code name} if missing and writes the gate into it unless it holds it. */
    private void write(String name, byte[] program) {
        docker.createVolumeCmd()
                .withName(name)
                .withLabels(Map.of(LABEL, "true"))
                .exec();
        String writer = docker.createContainerCmd(outputsSpace.holderImage())
                .withLabels(Map.of(LABEL, name))
                .withNetworkDisabled(true)
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode("none")
                        .withBinds(new Bind(name, new Volume("/gate"))))
                .exec()
                .getId();
        try {
            if (holds(writer, program)) return;
            try {
                docker.copyArchiveToContainerCmd(writer)
                        .withRemotePath("/gate")
                        .withTarInputStream(new ByteArrayInputStream(OutputsSpace.tar(Map.of("gate", program), 0555)))
                        .exec();
            } catch (IOException e) {
                throw new IllegalStateException("cannot write an archive in memory", e);
            }
            if (!holds(writer, program))
                throw new IllegalStateException("the volume " + name + " does not hold the gate");
            log.info("wrote the job gate into the volume {}", name);
        } finally {
            docker.removeContainerCmd(writer).withForce(true).exec();
        }
    }

    private boolean holds(String writer, byte[] program) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                docker.copyArchiveFromContainerCmd(writer, "/gate/gate").exec())) {
            TarArchiveEntry entry = tar.getNextEntry();
            return entry != null && entry.isFile() && Arrays.equals(tar.readAllBytes(), program);
        } catch (NotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the job gate back: " + e, e);
        }
    }

    /**
     * The command a job runs: {@code command} if it has one, else the image's entrypoint and
     * command; empty when neither is set (the engine then refuses the job as before).
     */
    static List<String> argv(List<String> command, InspectImageResponse image) {
        if (!command.isEmpty()) return command;
        List<String> argv = new ArrayList<>();
        if (image.getConfig() != null) {
            if (image.getConfig().getEntrypoint() != null)
                argv.addAll(List.of(image.getConfig().getEntrypoint()));
            if (image.getConfig().getCmd() != null)
                argv.addAll(List.of(image.getConfig().getCmd()));
        }
        return argv;
    }

    /** The container's {@code PATH}: the job's, else the image's, else the engine's default. */
    static String pathVariable(Map<String, String> jobEnv, InspectImageResponse image) {
        if (jobEnv.containsKey("PATH")) return jobEnv.get("PATH");
        if (image.getConfig() != null && image.getConfig().getEnv() != null) {
            for (String variable : image.getConfig().getEnv()) {
                if (variable.startsWith("PATH=")) return variable.substring("PATH=".length());
            }
        }
        return DEFAULT_PATH;
    }

    /**
     * The entrypoint that runs {@code argv} behind the gate: the gate, the paths {@code argv[0]}
     * may be at (itself when it holds a {@code /}, else in each directory of {@code path}; an empty
     * one is the working directory), {@code --}, then {@code argv} unchanged.
     */
    static List<String> entrypoint(List<String> argv, String path) {
        if (argv.isEmpty()) throw new IllegalArgumentException("no command to run behind the gate");
        List<String> entrypoint = new ArrayList<>();
        entrypoint.add(PROGRAM);
        String command = argv.get(0);
        if (command.contains("/")) entrypoint.add(command);
        else {
            for (String dir : path.split(":", -1)) entrypoint.add((dir.isEmpty() ? "." : dir) + "/" + command);
        }
        entrypoint.add("--");
        entrypoint.addAll(argv);
        return entrypoint;
    }

    /** The bind of the gate's {@code volume}, read-only at {@value #MOUNT}. */
    static Bind bind(String volume) {
        return new Bind(volume, new Volume(MOUNT), AccessMode.ro);
    }

    /**
     * Whether the started container {@code containerId} is still at its gate: a process of it runs
     * the gate program (its job never ran).
     */
    boolean isClosed(String containerId) {
        TopContainerResponse top = docker.topContainerCmd(containerId).exec();
        if (top.getTitles() == null || top.getProcesses() == null) return false;
        int cmd = Arrays.asList(top.getTitles()).indexOf("CMD");
        if (cmd < 0) cmd = Arrays.asList(top.getTitles()).indexOf("COMMAND");
        if (cmd < 0) return false;
        for (String[] process : top.getProcesses()) {
            if (process.length > cmd && (process[cmd].equals(PROGRAM) || process[cmd].startsWith(PROGRAM + " ")))
                return true;
        }
        return false;
    }

    /**
     * Attaches to the standard input of the started gated container {@code containerId}; the gate
     * opens when {@link Opening#open} writes its byte.
     */
    Opening attach(String containerId) {
        Opening opening = new Opening();
        docker.attachContainerCmd(containerId)
                .withStdIn(opening.input)
                .withStdOut(true)
                .withStdErr(true)
                .withFollowStream(true)
                .withLogs(false)
                .exec(opening.output);
        try {
            if (!opening.output.awaitStarted(30, TimeUnit.SECONDS)) {
                opening.close();
                throw new IllegalStateException("the engine did not attach to " + containerId + " within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opening.close();
            throw new IllegalStateException("interrupted while attaching to " + containerId, e);
        }
        return opening;
    }

    /**
     * The attachment that opens one container's gate and carries the job's output, each stream
     * ended by the gate's mark when the job ended ({@link GateOutput}).
     */
    static final class Opening implements Closeable {
        private final GateInput input = new GateInput();
        private final GateOutput output = new GateOutput();

        /** Whether the attachment still stands, so that {@link #open} reaches the gate. */
        boolean attached() {
            return output.streaming();
        }

        /** The job's output as it arrives. */
        GateOutput output() {
            return output;
        }

        /** Writes the byte that lets the job run. */
        void open() {
            input.open();
        }

        /** Ends the attachment; a gate not yet open then never opens. */
        @Override
        public void close() {
            input.close();
            output.finish();
            try {
                output.close();
            } catch (IOException e) {
                log.debug("closing an attachment failed", e);
            }
        }
    }

    /** Standard input of a gated container: blocks until opened, then one byte, then open until closed. */
    private static final class GateInput extends InputStream {
        private final CountDownLatch decided = new CountDownLatch(1);
        private final CountDownLatch closed = new CountDownLatch(1);
        private volatile boolean opened;
        private boolean sent;

        void open() {
            opened = true;
            decided.countDown();
        }

        @Override
        public void close() {
            decided.countDown();
            closed.countDown();
        }

        @Override
        public int read() throws IOException {
            try {
                decided.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted at the gate", e);
            }
            synchronized (this) {
                if (opened && !sent) {
                    sent = true;
                    return 'x';
                }
            }
            // After the byte, standard input stays open until the run ends: the attachment carries
            // the job's output meanwhile, and an end of input must not end it.
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted at the gate", e);
            }
            return -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) return 0;
            int next = read();
            if (next < 0) return -1;
            buffer[offset] = (byte) next;
            return 1;
        }
    }
}
