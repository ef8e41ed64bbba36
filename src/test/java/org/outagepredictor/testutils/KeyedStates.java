package org.outagepredictor.testutils;

import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * Counts and measures keyed state in a harness on any backend. The harness's own {@code
 * numKeyedStateEntries} works only on the heap backend; this asks the backend for the keys that
 * hold a named state.
 */
public final class KeyedStates {

    private KeyedStates() {}

    public static long count(AbstractStreamOperatorTestHarness<?> harness, String stateName) {
        KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
        try (Stream<Object> keys = backend.getKeys(stateName, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    /**
     * The bytes of a named value state's values, each written with {@code serializer} (the one the
     * operator registered the state with): the state's own size, the same in every run, where a
     * RocksDB checkpoint's size also depends on what its background compactions have left.
     */
    public static <T> long bytes(
            AbstractStreamOperatorTestHarness<?> harness,
            String stateName,
            TypeSerializer<T> serializer)
            throws Exception {
        KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
        List<Object> keys;
        try (Stream<Object> stream = backend.getKeys(stateName, VoidNamespace.INSTANCE)) {
            keys = stream.toList();
        }
        ValueState<T> state = valueState(backend, stateName, serializer);
        DataOutputSerializer out = new DataOutputSerializer(4096);
        long bytes = 0;
        for (Object key : keys) {
            backend.setCurrentKey(key);
            out.clear();
            serializer.serialize(state.value(), out);
            bytes += out.length();
        }
        return bytes;
    }

    /** The value of a named value state for {@code key}, read with {@code serializer}. */
    public static <T> T value(
            AbstractStreamOperatorTestHarness<?> harness,
            String stateName,
            TypeSerializer<T> serializer,
            Object key)
            throws Exception {
        KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(key);
        return valueState(backend, stateName, serializer).value();
    }

    private static <T> ValueState<T> valueState(
            KeyedStateBackend<Object> backend, String stateName, TypeSerializer<T> serializer)
            throws Exception {
        return backend.getPartitionedState(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>(stateName, serializer));
    }
}
