package org.outagepredictor.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A credential (routing key, API key, webhook URL, HMAC key) read from the environment, never from
 * the job configuration. {@link #toString()} is {@code ****}, so a secret that lands in a log line
 * or an exception message by mistake shows as that.
 *
 * <p>Not {@link java.io.Serializable} on purpose: a Flink function must keep the configuration and
 * read the secret on the task manager in {@code open()}, so that it never travels in the job graph.
 *
 * <p>Known limit: the value is a {@link String} and stays in memory until collected; it cannot be
 * wiped.
 */
public final class Secret {

    /** What a secret shows as. */
    public static final String MASK = "****";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * The secret in environment variable {@code variable}, or else in the file that {@code
     * <variable>_FILE} names (as Docker and Kubernetes secrets are mounted); a trailing line break
     * in the file is dropped.
     *
     * @param environment the process environment ({@code System::getenv}), or a map in tests
     * @throws IllegalArgumentException if neither is set or the value is empty; the message names
     *     the variables, never a value
     */
    public static Secret fromEnvironment(String variable, Function<String, String> environment) {
        String direct = environment.apply(variable);
        if (direct != null && !direct.isEmpty()) {
            return new Secret(direct);
        }
        String fileVariable = variable + "_FILE";
        String file = environment.apply(fileVariable);
        if (file == null || file.isEmpty()) {
            throw new IllegalArgumentException(
                    "Neither environment variable "
                            + variable
                            + " nor "
                            + fileVariable
                            + " is set");
        }
        String content;
        try {
            content = Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not read the secret file named by " + fileVariable, e);
        }
        if (content.isEmpty()) {
            throw new IllegalArgumentException(
                    "The secret file named by " + fileVariable + " is empty");
        }
        return new Secret(content);
    }

    /** The secret itself, for the one place that puts it on the wire. Never log it. */
    public String reveal() {
        return value;
    }

    /** {@code text} with every occurrence of the secret replaced by {@link #MASK}. */
    public String maskIn(String text) {
        return text == null ? null : text.replace(value, MASK);
    }

    @Override
    public String toString() {
        return MASK;
    }
}
