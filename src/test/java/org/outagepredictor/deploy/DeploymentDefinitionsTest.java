package org.outagepredictor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployment definitions an operator applies as they are: every dcos/*.json is valid against
 * Marathon's and Metronome's JSON schemas (../shared/schemas), the Flink settings they carry are
 * well-formed and agree with each other and with config/cluster, and the submitting Metronome job
 * and the Kubernetes FlinkDeployment start the job the way jobs/prediction.yaml describes it.
 */
class DeploymentDefinitionsTest {

    private static final Path SCHEMAS = Path.of("..", "shared", "schemas");
    private static final Path DCOS = Path.of("dcos");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One FLINK_PROPERTIES line: the image strips whitespace, so no indentation and no blanks. */
    private static final Pattern PROPERTY = Pattern.compile("([a-z0-9][a-zA-Z0-9.\\-_]*): (\\S.*)");

    @Test
    void everyDcosDefinitionIsValidAgainstItsSchema() throws Exception {
        JsonSchema app = schema("marathon-v1.7.236-AppDefinition.json");
        JsonSchema job = schema("metronome-jobspec.schema.json");
        JsonSchema schedule = schema("metronome-schedulespec.schema.json");
        List<Path> files = dcosFiles();
        assertThat(files).isNotEmpty();
        // The validator does find mistakes: a misspelt field and a wrong type.
        ObjectNode broken = JSON.createObjectNode().put("id", "/x").put("instances", "three");
        broken.put("instance", 1);
        assertThat(app.validate(broken)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(job.validate(JSON.createObjectNode().put("id", "x"))).isNotEmpty();
        assertThat(schedule.validate(JSON.createObjectNode().put("id", "nightly"))).isNotEmpty();
        for (Path file : files) {
            JsonNode definition = JSON.readTree(file.toFile());
            String name = file.getFileName().toString();
            if (name.endsWith(".group.json")) {
                String group = definition.path("id").asText();
                assertThat(group).as("%s: group id", name).startsWith("/");
                assertThat(definition.path("apps")).as("%s: apps", name).isNotEmpty();
                for (JsonNode each : definition.path("apps")) {
                    assertValid(app, each, name + " " + each.path("id").asText());
                    assertThat(each.path("id").asText()).startsWith(group + "/");
                }
            } else if (name.endsWith(".app.json")) {
                assertValid(app, definition, name);
                assertThat(definition.path("id").asText()).as("%s: app id", name).startsWith("/");
            } else if (name.endsWith(".job.json")) {
                assertValid(job, definition, name);
            } else if (name.endsWith(".schedule.json")) {
                assertValid(schedule, definition, name);
                Path jobFile = file.resolveSibling(name.replace(".schedule.json", ".job.json"));
                assertThat(jobFile).as("the job of %s", name).exists();
            } else {
                throw new AssertionError(
                        file + ": name it *.group.json, *.app.json, *.job.json or *.schedule.json");
            }
        }
    }

    @Test
    void flinkPropertiesAreWellFormedAndAgree() throws Exception {
        Map<String, Map<String, String>> apps = new LinkedHashMap<>();
        for (JsonNode app :
                JSON.readTree(DCOS.resolve("flink-cluster.group.json").toFile()).path("apps")) {
            apps.put(
                    app.path("id").asText(),
                    flinkProperties(app.path("env").path("FLINK_PROPERTIES").asText()));
        }
        Map<String, String> jobManager = apps.get("/outage-predictor/flink-jobmanager");
        Map<String, String> taskManager = apps.get("/outage-predictor/flink-taskmanager");
        assertThat(jobManager).isNotNull();
        assertThat(taskManager).isNotNull();
        Map<String, String> cluster = clusterConfig();
        for (String key :
                List.of(
                        "state.backend.type",
                        "state.backend.rocksdb.writebuffer.count",
                        "execution.checkpointing.incremental",
                        "execution.checkpointing.externalized-checkpoint-retention",
                        "restart-strategy.type",
                        "metrics.reporter.prom.factory.class")) {
            assertThat(jobManager.get(key)).as("JobManager %s", key).isEqualTo(cluster.get(key));
            assertThat(taskManager.get(key)).as("TaskManager %s", key).isEqualTo(cluster.get(key));
        }
        for (String key :
                List.of(
                        "jobmanager.rpc.address",
                        "jobmanager.rpc.port",
                        "blob.server.port",
                        "execution.checkpointing.dir",
                        "execution.checkpointing.savepoint-dir",
                        "high-availability.type",
                        "high-availability.storageDir",
                        "high-availability.cluster-id")) {
            assertThat(taskManager.get(key))
                    .as("%s on both", key)
                    .isNotNull()
                    .isEqualTo(jobManager.get(key));
        }
        assertThat(jobManager.get("execution.checkpointing.dir")).startsWith("s3://");
        // The TaskManagers reach the JobManager through its VIPs: RPC, blob server and REST.
        JsonNode jobManagerApp =
                JSON.readTree(DCOS.resolve("flink-cluster.group.json").toFile())
                        .path("apps")
                        .get(0);
        List<String> vips = new ArrayList<>();
        for (JsonNode mapping : jobManagerApp.path("container").path("portMappings")) {
            mapping.path("labels")
                    .fields()
                    .forEachRemaining(
                            label -> {
                                Matcher vip =
                                        Pattern.compile("/([a-z0-9-]+):(\\d+)")
                                                .matcher(label.getValue().asText());
                                assertThat(vip.matches()).isTrue();
                                assertThat(mapping.path("containerPort").asInt())
                                        .isEqualTo(Integer.parseInt(vip.group(2)));
                                vips.add(
                                        vip.group(1)
                                                + ".marathon.l4lb.thisdcos.directory:"
                                                + vip.group(2));
                            });
        }
        String address = jobManager.get("jobmanager.rpc.address");
        assertThat(vips)
                .contains(
                        address + ":" + jobManager.get("jobmanager.rpc.port"),
                        address + ":" + jobManager.get("blob.server.port"),
                        address + ":" + jobManager.get("rest.port"));
        assertThat(jobManager.get("rest.address")).isEqualTo(address);
    }

    @Test
    void theMetronomeJobSubmitsAsTheDescriptorSays() throws Exception {
        JsonNode descriptor = YAML.readTree(Path.of("jobs", "prediction.yaml").toFile());
        JsonNode run =
                JSON.readTree(DCOS.resolve("submit-prediction-job.job.json").toFile()).path("run");
        String command = run.path("cmd").asText();
        assertThat(command)
                .contains("flink run -d ")
                .contains("-c " + descriptor.path("entry-class").asText())
                .contains("flink stop ")
                .contains("--type " + descriptor.path("savepoint").path("format").asText())
                .contains("-rm " + descriptor.path("savepoint").path("restore-mode").asText());
        descriptor
                .path("checkpointing")
                .fields()
                .forEachRemaining(
                        setting -> {
                            String value = setting.getValue().asText();
                            String expected =
                                    "-Dexecution.checkpointing."
                                            + setting.getKey()
                                            + "="
                                            + (value.contains(" ") ? '"' + value + '"' : value);
                            assertThat(command).contains(expected);
                        });
        assertThat(run.path("env").path("JOB_NAME").asText())
                .isEqualTo(descriptor.path("name").asText());
        for (JsonNode artifact : run.path("artifacts")) {
            String file = artifact.path("uri").asText().replaceAll(".*/", "");
            assertThat(command).contains("$MESOS_SANDBOX/" + file);
        }
    }

    @Test
    void theFlinkDeploymentRunsTheDescriptorsJobWithSavepointUpgrades() throws Exception {
        JsonNode descriptor = YAML.readTree(Path.of("jobs", "prediction.yaml").toFile());
        JsonNode deployment = YAML.readTree(Path.of("k8s", "flink-deployment.yaml").toFile());
        assertThat(deployment.path("kind").asText()).isEqualTo("FlinkDeployment");
        assertThat(deployment.path("spec").path("flinkVersion").asText()).isEqualTo("v1_20");
        JsonNode job = deployment.path("spec").path("job");
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("entryClass").asText())
                .isEqualTo(descriptor.path("entry-class").asText());
        assertThat(job.path("jarURI").asText()).startsWith("local:///opt/flink/usrlib/");
        JsonNode flink = deployment.path("spec").path("flinkConfiguration");
        assertThat(flink.path("state.backend.type").asText()).isEqualTo("rocksdb");
        assertThat(flink.path("state.backend.rocksdb.writebuffer.count").asText())
                .as("as config/cluster/config.yaml")
                .isEqualTo(clusterConfig().get("state.backend.rocksdb.writebuffer.count"));
        assertThat(flink.path("execution.checkpointing.dir").asText()).startsWith("s3://");
        assertThat(flink.path("execution.checkpointing.savepoint-dir").asText())
                .startsWith("s3://");
        assertThat(flink.path("high-availability.type").asText()).isEqualTo("kubernetes");
        descriptor
                .path("checkpointing")
                .fields()
                .forEachRemaining(
                        setting ->
                                assertThat(
                                                flink.path(
                                                                "execution.checkpointing."
                                                                        + setting.getKey())
                                                        .asText())
                                        .as("execution.checkpointing.%s", setting.getKey())
                                        .isEqualTo(setting.getValue().asText()));
        // The job's options file is the ConfigMap mounted where the arguments point.
        List<String> arguments = new ArrayList<>();
        job.path("args").forEach(argument -> arguments.add(argument.asText()));
        String config = arguments.get(arguments.indexOf("--config") + 1);
        JsonNode configMap = YAML.readTree(Path.of("k8s", "job-config.yaml").toFile());
        assertThat(config)
                .isEqualTo(
                        "/opt/outage-predictor/config/"
                                + configMap.path("data").fieldNames().next());
    }

    /** config/cluster/config.yaml's settings, comments and blank lines left out. */
    private static Map<String, String> clusterConfig() throws IOException {
        return flinkProperties(
                Files.readString(Path.of("config", "cluster", "config.yaml"))
                        .lines()
                        .filter(line -> !line.isBlank() && !line.startsWith("#"))
                        .reduce("", (a, b) -> a + b + "\n")
                        .strip());
    }

    private static Map<String, String> flinkProperties(String text) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            Matcher property = PROPERTY.matcher(line);
            assertThat(property.matches()).as("a 'key: value' line: [%s]", line).isTrue();
            assertThat(line).as("no trailing whitespace: [%s]", line).isEqualTo(line.strip());
            assertThat(properties.put(property.group(1), property.group(2)))
                    .as("%s set once", property.group(1))
                    .isNull();
        }
        return properties;
    }

    private static List<Path> dcosFiles() throws IOException {
        try (Stream<Path> files = Files.list(DCOS)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    /**
     * A schema of ../shared/schemas. They name the generic meta-schema (schema#) and are written in
     * draft 4, so they are read as draft 4.
     */
    private static JsonSchema schema(String name) throws IOException {
        Path file = SCHEMAS.resolve(name);
        assertThat(file).as("the shared schemas beside the project").exists();
        ObjectNode schema = (ObjectNode) JSON.readTree(file.toFile());
        schema.remove("$schema");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
    }

    private static void assertValid(JsonSchema schema, JsonNode definition, String what) {
        Set<ValidationMessage> errors = schema.validate(definition);
        assertThat(errors).as("%s against its schema", what).isEmpty();
    }
}
