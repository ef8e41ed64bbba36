package org.outagepredictor.testutils;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the project's scripts (scripts/*.sh) from tests, as an operator would: bash, the project
 * root as working directory, no standard input, a bounded time.
 *
 * <p>Known limits: needs bash (Linux; macOS untested); output is read once the script has ended, so
 * a script that hangs shows its output only in the timeout's message.
 */
public final class Scripts {

    private Scripts() {}

    /**
     * Runs {@code scripts/<script>} with {@code arguments} and the extra environment {@code env};
     * returns its output (standard output and error), or throws with it when the script fails or
     * outlasts {@code timeout} (it is then killed).
     */
    public static String run(
            String script, List<String> arguments, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(Path.of("scripts", script).toAbsolutePath().toString());
        command.addAll(arguments);
        return run(command, env, timeout, "scripts/" + script + " " + String.join(" ", arguments));
    }

    /**
     * Runs {@code command} as {@link #run(String, List, Map, Duration)} runs a script; {@code
     * described} names it in failures.
     */
    public static String run(
            List<String> command, Map<String, String> env, Duration timeout, String described)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("command-", ".out");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException(
                        described
                                + " did not finish within "
                                + timeout.toSeconds()
                                + " s:\n"
                                + Files.readString(output));
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new IOException(
                        described + " failed (exit " + process.exitValue() + "):\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** A step of a test fixture's start or clean-up. */
    public interface Step<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code start}; if it fails, runs {@code cleanUp} too (whatever part of the fixture did
     * start must not outlive the failure) and rethrows the start's exception, with the clean-up's
     * as suppressed.
     */
    public static <T> T startOrCleanUp(Step<T> start, Step<?> cleanUp) throws Exception {
        try {
            return start.run();
        } catch (Exception e) {
            try {
                cleanUp.run();
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
