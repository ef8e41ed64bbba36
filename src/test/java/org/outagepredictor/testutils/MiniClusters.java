package org.outagepredictor.testutils;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** MiniClusters for the integration tests that run the whole job as production runs it. */
public final class MiniClusters {

    private MiniClusters() {}

    /**
     * One TaskManager with {@code slots} slots, RocksDB state and checkpoints every 2 s. The
     * MiniCluster's default managed memory would leave RocksDB a write buffer so small that it
     * flushes almost on every write, which makes a test ten times slower, so it gets 256 MB.
     */
    public static MiniClusterExtension rocksDbWithCheckpoints(int slots) {
        Configuration config = rocksDbConfiguration();
        config.setString("execution.checkpointing.interval", "2 s");
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .setConfiguration(config)
                        .build());
    }

    /** One TaskManager with {@code slots} slots and Flink's defaults otherwise. */
    public static MiniClusterExtension oneTaskManager(int slots) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .build());
    }

    /** RocksDB state with 256 MB of managed memory, for clusters configured further by a test. */
    public static Configuration rocksDbConfiguration() {
        Configuration config = new Configuration();
        config.setString("state.backend.type", "rocksdb");
        config.setString("taskmanager.memory.managed.size", "256m");
        return config;
    }
}
