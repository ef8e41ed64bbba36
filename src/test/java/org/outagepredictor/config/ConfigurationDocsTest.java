package org.outagepredictor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.BlockElement;
import org.apache.flink.configuration.description.TextElement;
import org.junit.jupiter.api.Test;
import org.outagepredictor.BootstrapTrainer;
import org.outagepredictor.PredictionJob;
import org.outagepredictor.board.BoardOptions;
import org.outagepredictor.delivery.DeliveryOptions;
import org.outagepredictor.simulate.SimulatedHistory;

/**
 * docs/configuration.md and config/prediction-job.properties are generated from the options the
 * code declares, and this test fails when they drift apart. To regenerate both: {@code
 * UPDATE_DOCS=true mvn -q test -Dtest=ConfigurationDocsTest}.
 */
class ConfigurationDocsTest {

    private static final Path DOCS = Path.of("docs/configuration.md");
    private static final Path PROPERTIES = Path.of("config/prediction-job.properties");

    @Test
    void committedDocsMatchTheDeclaredOptions() throws Exception {
        String docs = markdown();
        String properties = properties();
        if (System.getenv("UPDATE_DOCS") != null) {
            Files.writeString(DOCS, docs);
            Files.writeString(PROPERTIES, properties);
        }
        String hint = "regenerate with: UPDATE_DOCS=true mvn -q test -Dtest=ConfigurationDocsTest";
        assertThat(Files.readString(DOCS)).as(hint).isEqualTo(docs);
        assertThat(Files.readString(PROPERTIES)).as(hint).isEqualTo(properties);
    }

    private static Map<String, List<ConfigOption<?>>> sections() {
        Map<String, List<ConfigOption<?>>> sections = new LinkedHashMap<>();
        sections.put("Prediction job", PredictionJob.allOptions());
        sections.put(
                "Bootstrap trainer (besides the feature, label, trainer, mapping and alert options above)",
                BootstrapTrainer.options().stream()
                        .filter(o -> !PredictionJob.allOptions().contains(o))
                        .toList());
        sections.put(
                "Simulated history (besides the simulator options above)",
                SimulatedHistory.options().stream()
                        .filter(o -> !PredictionJob.allOptions().contains(o))
                        .toList());
        sections.put(
                "Risk board (docs/risk-board.md; besides the kafka.* and board.* options above)",
                BoardOptions.options().stream()
                        .filter(o -> !PredictionJob.allOptions().contains(o))
                        .toList());
        sections.put(
                "Webhook targets (docs/alerting.md; one set of keys per name in delivery.targets)",
                DeliveryOptions.targetOptionTemplates());
        return sections;
    }

    private static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration\n\n")
                .append("Every option of the jobs, generated from the code")
                .append(" (`ConfigurationDocsTest`). Give options as `--key value` arguments,")
                .append(" or in a properties file named by `--config FILE`")
                .append(" (config/prediction-job.properties lists them all with their defaults);")
                .append(" arguments after `--config` win. An unknown key stops the job at start")
                .append(" with the list of keys it may have meant.\n");
        sections()
                .forEach(
                        (title, options) -> {
                            out.append("\n## ").append(title).append("\n\n");
                            out.append("| key | default | what it does |\n|---|---|---|\n");
                            for (ConfigOption<?> option : options) {
                                out.append("| `")
                                        .append(option.key())
                                        .append("` | ")
                                        .append(defaultText(option))
                                        .append(" | ")
                                        .append(description(option).replace("|", "\\|"))
                                        .append(" |\n");
                            }
                        });
        return out.toString();
    }

    private static String properties() {
        StringBuilder out = new StringBuilder();
        out.append(
                        "# Options of the prediction job, each with its default, generated from the code\n")
                .append("# (docs/configuration.md explains them). Uncomment and change what your\n")
                .append(
                        "# organisation needs, then pass: --config config/prediction-job.properties\n");
        for (ConfigOption<?> option : PredictionJob.allOptions()) {
            out.append("\n# ").append(description(option)).append('\n');
            out.append("#").append(option.key()).append(" = ");
            out.append(option.hasDefaultValue() ? defaultText(option) : "").append('\n');
        }
        return out.toString();
    }

    private static String description(ConfigOption<?> option) {
        StringBuilder text = new StringBuilder();
        for (BlockElement block : option.description().getBlocks()) {
            if (block instanceof TextElement) {
                text.append(((TextElement) block).getFormat());
            }
        }
        return text.toString().replace("\n", " ");
    }

    private static String defaultText(ConfigOption<?> option) {
        if (!option.hasDefaultValue()) {
            return "(none)";
        }
        Object value = option.defaultValue();
        if (value instanceof Duration) {
            return durationText((Duration) value);
        }
        if (value instanceof List) {
            // Flink's text form of a list option.
            return ((List<?>) value).stream().map(String::valueOf).collect(Collectors.joining(";"));
        }
        return String.valueOf(value);
    }

    private static String durationText(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + " h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }
}
