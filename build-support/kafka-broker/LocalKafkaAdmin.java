import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The admin steps of scripts/kafka-local.sh that Kafka's own tools would need one JVM each for:
 * waiting until a freshly started broker answers, then creating topics, in one short-lived JVM.
 * Run from the broker's classpath (build-support/kafka-broker/pom.xml); compiled by the script.
 *
 * <pre>
 * ready BOOTSTRAP TIMEOUT_SECONDS BROKER_PID PARTITIONS [TOPIC...]
 *     waits until the broker answers (fails at once if the process BROKER_PID has ended), then
 *     creates the topics that do not exist yet with PARTITIONS partitions and replication 1
 * describe BOOTSTRAP
 *     prints the cluster id and each topic with its partition count
 * </pre>
 *
 * Limits: single-node only (replication factor 1); an existing topic is left as it is, even if its
 * partition count differs.
 */
public final class LocalKafkaAdmin {

    private LocalKafkaAdmin() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("ready")) {
            List<String> topics = List.of(args).subList(5, args.length);
            ready(args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]), Integer.parseInt(args[4]), topics);
        } else if (args.length == 2 && args[0].equals("describe")) {
            describe(args[1]);
        } else {
            System.err.println(
                    "usage: ready BOOTSTRAP TIMEOUT_SECONDS BROKER_PID PARTITIONS [TOPIC...]"
                            + " | describe BOOTSTRAP");
            System.exit(2);
        }
    }

    private static Admin admin(String bootstrap) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "4000");
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        return Admin.create(properties);
    }

    private static void ready(
            String bootstrap, int timeoutSeconds, long brokerPid, int partitions, List<String> topics)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try (Admin admin = admin(bootstrap)) {
            while (true) {
                Optional<ProcessHandle> broker = ProcessHandle.of(brokerPid);
                if (broker.isEmpty() || !broker.get().isAlive()) {
                    fail("the broker process " + brokerPid + " has ended");
                }
                try {
                    DescribeClusterResult cluster = admin.describeCluster();
                    // A broker answers describeCluster as soon as it has joined the quorum.
                    if (!cluster.nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        break;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    fail("the broker at " + bootstrap + " did not answer within " + timeoutSeconds + " s");
                }
                Thread.sleep(200);
            }
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics) {
                missing.add(new NewTopic(topic, partitions, (short) 1));
            }
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get();
                    System.out.println("created topic " + result.getKey() + " (" + partitions + " partitions)");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        fail("could not create topic " + result.getKey() + ": " + e.getCause());
                    }
                }
            }
        }
    }

    private static void describe(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            System.out.println("cluster id " + admin.describeCluster().clusterId().get());
            Map<String, TopicDescription> topics =
                    new TreeMap<>(admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get());
            for (TopicDescription topic : topics.values()) {
                System.out.println("topic " + topic.name() + " (" + topic.partitions().size() + " partitions)");
            }
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
