package org.coophive.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.coophive.executor.ResultLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outputs directory of a job, bounded while the job runs: a volume of the local driver
 * backed by tmpfs of the outputs limit, so a write past the limit fails in the job with {@code
 * ENOSPC} and never reaches the provider's disk.
 *
 * <p>The engine mounts such a volume when the first container using it starts and unmounts it
 * (its contents gone) when the last one stops. A job behind {@link JobGate the gate} keeps its own
 * volume mounted (the gate outlives the job's process); the volume of any other job has a
 * <em>holder</em>: a container started before the job that only blocks, keeping the volume mounted
 * through the job and the collection of its outputs, which are copied from the holder. Images may have no shell and
 * nothing that blocks, so the holder runs an image of its own, made here through the engine's
 * image load from a program of a few bytes (a loop around {@code pause}, or {@code ppoll} with
 * no files and no timeout on arm64), for amd64 and arm64 engines; no pull. The image is tagged
 * {@value #IMAGE_REPOSITORY}{@code :<arch>-<hash of the program>}, labelled {@value #LABEL}, and
 * reused by every job.
 *
 * <p>tmpfs lives in memory: the pages a job writes are charged to the job's container, so its
 * outputs count against its memory limit, and the host holds at most the outputs limit per job.
 */
final class OutputsSpace {

    /** The repository of the holder image. */
    static final String IMAGE_REPOSITORY = "coophive/outputs-holder";

    /** The label of the holder image ({@code true}) and of each holder container (the volume's name). */
    static final String LABEL = "org.coophive.outputs-holder";

    /**
     * The label of a spare volume and of its holder, made before a job needs them (value: the
     * owner, see {@link org.coophive.executor.Executor#prepare}).
     */
    static final String SPARE_LABEL = "org.coophive.outputs-spare";

    /** Where the holder mounts the volume, and where the outputs are copied from. */
    static final String HOLDER_MOUNT = "/outputs";

    /** The page size tmpfs counts in. */
    static final long PAGE = 4096;

    private static final Logger log = LoggerFactory.getLogger(OutputsSpace.class);

    private final DockerClient docker;
    private volatile String image;

    OutputsSpace(DockerClient docker) {
        this.docker = docker;
    }

    /** The bytes of tmpfs a volume for {@code limits} holds: the outputs limit in whole pages, at least one. */
    static long spaceBytes(ResultLimits limits) {
        long pages = Math.max(1, (limits.maxOutputBytes() + PAGE - 1) / PAGE);
        return pages * PAGE;
    }

    /**
     * Creates the volume {@code name} and starts its holder. Nothing is left behind when this
     * fails.
     */
    void open(String name, ResultLimits limits, String jobLabel) {
        createVolume(name, limits, jobLabel);
        try {
            hold(name, jobLabel);
        } catch (RuntimeException e) {
            close(name);
            throw e;
        }
    }

    /**
     * The holder id that says a volume has none: its job's container, started behind the gate,
     * keeps it mounted itself.
     */
    static final String UNHELD = "";

    /**
     * Creates a spare volume of {@code owner} for a job to come, returning its name; a job behind
     * the gate needs no holder, one started without it gets its holder when it is created.
     */
    String openSpare(String owner, ResultLimits limits) {
        String name = DockerExecutor.OUTPUTS_VOLUME_PREFIX + java.util.UUID.randomUUID();
        createVolume(name, limits, Map.of(DockerExecutor.JOB_LABEL + ".outputs", "spare", SPARE_LABEL, owner));
        return name;
    }

    /**
     * Whether the volume {@code name} still exists (a prune may remove a volume no container uses;
     * a container naming it then would get a plain, unbounded one).
     */
    boolean exists(String name) {
        try {
            docker.inspectVolumeCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Removes the spare volumes of {@code owner} that no job container uses, and their holders:
     * what an earlier process of the owner made ready and never used.
     */
    void sweepSpares(String owner) {
        var volumes = docker.listVolumesCmd()
                .withFilter("label", List.of(SPARE_LABEL + "=" + owner))
                .exec()
                .getVolumes();
        if (volumes == null) return;
        for (var volume : volumes) {
            String name = volume.getName();
            boolean usedByAJob =
                    docker.listContainersCmd().withShowAll(true).withVolumeFilter(List.of(name)).exec().stream()
                            .anyMatch(
                                    c -> c.getLabels() == null || !c.getLabels().containsKey(LABEL));
            if (usedByAJob) continue;
            log.info("removing the spare outputs volume {} left by an earlier run", name);
            close(name);
        }
    }

    /**
     * Creates the volume {@code name} alone; {@link #hold} starts its holder, e.g. while the job
     * container is created, and {@link #close} removes both.
     */
    void createVolume(String name, ResultLimits limits, String jobLabel) {
        createVolume(name, limits, Map.of(DockerExecutor.JOB_LABEL + ".outputs", jobLabel));
    }

    private void createVolume(String name, ResultLimits limits, Map<String, String> labels) {
        // Each entry counts ResultLimits.ENTRY_OVERHEAD, so more files than this are over the limit anyway.
        long inodes = Math.max(16, limits.maxOutputBytes() / ResultLimits.ENTRY_OVERHEAD + 2);
        docker.createVolumeCmd()
                .withName(name)
                .withDriver("local")
                .withDriverOpts(Map.of(
                        "type", "tmpfs",
                        "device", "tmpfs",
                        "o", "size=" + spaceBytes(limits) + ",nr_inodes=" + inodes + ",mode=0777,nosuid,nodev"))
                .withLabels(labels)
                .exec();
    }

    /**
     * Creates and starts the holder of the volume {@code name}, returning its id; on failure
     * {@link #close} cleans up.
     */
    String hold(String name, String jobLabel) {
        return hold(name, Map.of(DockerExecutor.JOB_LABEL + ".holder", jobLabel));
    }

    private String hold(String name, Map<String, String> labels) {
        String holder;
        try {
            holder = createHolder(name, labels);
        } catch (NotFoundException e) {
            image = null; // Removed since it was loaded (an image prune): load it again.
            holder = createHolder(name, labels);
        }
        docker.startContainerCmd(holder).exec();
        return holder;
    }

    private String createHolder(String name, Map<String, String> labels) {
        Map<String, String> all = new java.util.HashMap<>(labels);
        all.put(LABEL, name);
        return docker.createContainerCmd(holderImage())
                .withLabels(all)
                .withUser(DockerExecutor.JOB_USER)
                .withNetworkDisabled(true)
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode("none")
                        .withReadonlyRootfs(true)
                        .withCapDrop(Capability.ALL)
                        .withSecurityOpts(List.of("no-new-privileges"))
                        // Limits, not reservations: the program needs nearly nothing, but the
                        // runtime's own init (Go, several threads) starts in the same cgroup,
                        // and a pids limit of 1 or a few MB make its start fail now and then.
                        .withMemory(32L << 20)
                        .withMemorySwap(32L << 20)
                        .withPidsLimit(32L)
                        .withBinds(new Bind(name, new Volume(HOLDER_MOUNT))))
                .exec()
                .getId();
    }

    /**
     * Starts the holder of {@code volume} again if it stopped (the engine restarted; its outputs
     * are gone then), or makes one if the caller stopped before it did (the holder starts while the
     * job container is created).
     */
    void ensureHeld(String volume, String jobLabel) {
        List<Container> holders = holders(volume);
        if (holders.isEmpty()) hold(volume, jobLabel);
        for (Container holder : holders) {
            try {
                docker.startContainerCmd(holder.getId()).exec();
            } catch (NotModifiedException e) {
                // Running.
            }
        }
    }

    /** The running holder of {@code volume}, whose {@value #HOLDER_MOUNT} holds the job's outputs. */
    Optional<String> runningHolder(String volume) {
        return holders(volume).stream()
                .filter(c -> "running".equals(c.getState()))
                .map(Container::getId)
                .findFirst();
    }

    /** Removes the holder and the volume {@code name}; logs what it cannot remove. */
    void close(String name) {
        removeHolders(name);
        removeVolume(name);
    }

    /**
     * As {@link #close(String)}, with the holder known: removed by its id ({@code holderId} null:
     * looked up by its label; {@link #UNHELD}: none).
     */
    void close(String name, String holderId) {
        if (holderId == null) {
            close(name);
            return;
        }
        if (holderId.equals(UNHELD)) {
            removeVolume(name);
            return;
        }
        try {
            docker.removeContainerCmd(holderId).withForce(true).exec();
        } catch (NotFoundException e) {
            // Already gone.
        } catch (RuntimeException e) {
            log.warn("could not remove the holder of {}: {}", name, e.toString());
        }
        removeVolume(name);
    }

    /** Removes the holder of the volume {@code name}, e.g. while its job container is removed. */
    void removeHolders(String name) {
        try {
            for (Container holder : holders(name)) {
                docker.removeContainerCmd(holder.getId()).withForce(true).exec();
            }
        } catch (NotFoundException e) {
            // Already gone.
        } catch (RuntimeException e) {
            log.warn("could not remove the holder of {}: {}", name, e.toString());
        }
    }

    /** Removes the volume {@code name} once no container uses it. */
    void removeVolume(String name) {
        try {
            docker.removeVolumeCmd(name).exec();
        } catch (NotFoundException e) {
            // Already gone.
        } catch (RuntimeException e) {
            log.warn("could not remove job volume {}: {}", name, e.toString());
        }
    }

    private List<Container> holders(String volume) {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(LABEL, volume))
                .exec();
    }

    /** The holder image for the engine's architecture, loaded once if the engine lacks it. */
    String holderImage() {
        String known = image;
        if (known != null) return known;
        String arch = imageArchitecture(docker.infoCmd().exec().getArchitecture());
        byte[] program = program(arch);
        String tag = IMAGE_REPOSITORY + ":" + arch + "-" + sha256(program).substring(0, 12);
        try {
            docker.inspectImageCmd(tag).exec();
        } catch (NotFoundException e) {
            docker.loadImageCmd(new ByteArrayInputStream(imageArchive(program, arch, tag)))
                    .exec();
            log.info("loaded the outputs holder image {}", tag);
        }
        image = tag;
        return tag;
    }

    /** The image architecture of an engine reporting {@code uname -m} as {@code machine}. */
    static String imageArchitecture(String machine) {
        return switch (String.valueOf(machine)) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> throw new IllegalStateException("no outputs holder for an engine on " + machine
                    + " (amd64 and arm64 only): job outputs cannot be bounded there");
        };
    }

    /**
     * A static Linux executable (ELF64, one loadable segment at 0x400000, code at offset 120) that
     * blocks until it is killed.
     */
    static byte[] program(String arch) {
        int machine;
        byte[] code;
        switch (arch) {
            case "amd64" -> {
                machine = 62; // EM_X86_64
                code = new byte[] {
                    (byte) 0xb8,
                    0x22,
                    0,
                    0,
                    0, // mov eax, 34 (pause)
                    0x0f,
                    0x05, // syscall
                    (byte) 0xeb,
                    (byte) 0xf7 // jmp back to the mov
                };
            }
            case "arm64" -> {
                machine = 183; // EM_AARCH64
                ByteBuffer words = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
                words.putInt(0xd2800000); // mov x0, #0 (no files)
                words.putInt(0xd2800001); // mov x1, #0 (none of them)
                words.putInt(0xd2800002); // mov x2, #0 (no timeout)
                words.putInt(0xd2800003); // mov x3, #0 (no signal mask)
                words.putInt(0xd2800928); // mov x8, #73 (ppoll)
                words.putInt(0xd4000001); // svc #0
                words.putInt(0x17fffffa); // b back to the first mov
                code = words.array();
            }
            default -> throw new IllegalArgumentException("no holder program for " + arch);
        }
        return elf(machine, code);
    }

    /**
     * A static Linux executable of {@code code} for {@code machine} (an ELF {@code e_machine}):
     * one loadable, readable and executable segment at 0x400000 holding the whole file, code at
     * offset 120.
     */
    static byte[] elf(int machine, byte[] code) {
        long base = 0x400000;
        int header = 64 + 56;
        ByteBuffer elf = ByteBuffer.allocate(header + code.length).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        elf.putShort((short) 2); // ET_EXEC
        elf.putShort((short) machine);
        elf.putInt(1); // EV_CURRENT
        elf.putLong(base + header); // entry
        elf.putLong(64); // program headers right after this header
        elf.putLong(0); // no section headers
        elf.putInt(0); // flags
        elf.putShort((short) 64);
        elf.putShort((short) 56);
        elf.putShort((short) 1);
        elf.putShort((short) 64);
        elf.putShort((short) 0);
        elf.putShort((short) 0);
        elf.putInt(1); // PT_LOAD
        elf.putInt(5); // read and execute
        elf.putLong(0); // the whole file
        elf.putLong(base);
        elf.putLong(base);
        elf.putLong(header + code.length);
        elf.putLong(header + code.length);
        elf.putLong(0x10000);
        elf.put(code);
        return elf.array();
    }

    /** An archive in the format of {@code docker save}: one layer holding {@code /hold}, run as nobody. */
    static byte[] imageArchive(byte[] program, String arch, String tag) {
        try {
            byte[] layer = tar(Map.of("hold", program), 0755);
            String config = "{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"config\":{\"User\":\""
                    + DockerExecutor.JOB_USER + "\",\"Entrypoint\":[\"/hold\"],\"Labels\":{\"" + LABEL
                    + "\":\"true\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + sha256(layer)
                    + "\"]}}";
            byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
            String configName = sha256(configBytes) + ".json";
            String manifest =
                    "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"" + tag + "\"],\"Layers\":[\"layer.tar\"]}]";
            return tar(
                    Map.of(
                            "layer.tar",
                            layer,
                            configName,
                            configBytes,
                            "manifest.json",
                            manifest.getBytes(StandardCharsets.UTF_8)),
                    0644);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an archive in memory", e);
        }
    }

    static byte[] tar(Map<String, byte[]> files, int mode) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (var file : new java.util.TreeMap<>(files).entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                entry.setMode(mode);
                entry.setModTime(0);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
