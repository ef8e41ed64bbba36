package org.outagepredictor.upgrade;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.outagepredictor.Operators;
import org.outagepredictor.alerting.AlertState;
import org.outagepredictor.features.DeviceState;
import org.outagepredictor.features.PendingExamples;
import org.outagepredictor.model.TrainerState;

/**
 * The job's state in a savepoint, read with Flink's State Processor API and flattened to one value
 * per field: every device's {@code DeviceState} and {@code PendingExamples} (Device features), its
 * {@code AlertState} (Score and alert lifecycle) and the trainer's {@code TrainerState}, as {@code
 * "<device> device-state.counts" -> "[1.0, 0.5, ...]"}, nested POJOs as {@code
 * device-state.recentChanges[0].id}. Fields are found by reflection, so the same code lists
 * whatever fields the build it runs in has: run by an older build ({@link UpgradeSavepointWriter}),
 * it writes down that build's view of its own savepoint; run by the current build, it reads the
 * same savepoint, or one taken after the upgrade, through the current classes and Flink's POJO
 * schema migration. Comparing the two shows field by field whether the state came through.
 *
 * <p>Uses only classes and state names the older build has too. Known limit: broadcast state (the
 * scorers' copy of the current model) and the Kafka sources' and sinks' operator state are not
 * listed; the upgrade test checks them by running the job on from the savepoint.
 */
public final class SavepointStates {

    private SavepointStates() {}

    /** The flattened state of the savepoint (or retained checkpoint) at {@code path}, by field. */
    public static SortedMap<String, String> read(String path) throws Exception {
        // Canonical savepoints are the same for every state backend; the heap one reads fastest.
        return read(path, new HashMapStateBackend());
    }

    /**
     * The same, restored into {@code backend} to be read: on RocksDB, state of an earlier encoding
     * is migrated into the current one on restore and then read back in it.
     */
    public static SortedMap<String, String> read(String path, StateBackend backend)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SavepointReader savepoint = SavepointReader.read(env, path, backend);
        SortedMap<String, String> fields = new TreeMap<>();
        collect(
                savepoint.readKeyedState(
                        OperatorIdentifier.forUid(Operators.DEVICE_FEATURES.uid),
                        new Reader<>(
                                "device-state",
                                DeviceState.class,
                                "pending-examples",
                                PendingExamples.class)),
                fields);
        collect(
                savepoint.readKeyedState(
                        OperatorIdentifier.forUid(Operators.SCORER.uid),
                        new Reader<>("alert-state", AlertState.class, null, null)),
                fields);
        collect(
                savepoint
                        .readListState(
                                OperatorIdentifier.forUid(Operators.TRAINER.uid),
                                "trainer-state",
                                TypeInformation.of(TrainerState.class))
                        .map(
                                state -> {
                                    SortedMap<String, String> flat = new TreeMap<>();
                                    flatten("trainer trainer-state", state, flat);
                                    return lines(flat);
                                }),
                fields);
        return fields;
    }

    private static void collect(DataStream<String> lines, Map<String, String> fields)
            throws Exception {
        CloseableIterator<String> results = lines.executeAndCollect();
        try {
            while (results.hasNext()) {
                for (String line : results.next().split("\n")) {
                    int tab = line.indexOf('\t');
                    fields.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        } finally {
            results.close();
        }
    }

    private static String lines(Map<String, String> fields) {
        StringBuilder lines = new StringBuilder();
        fields.forEach(
                (field, value) -> lines.append(field).append('\t').append(value).append('\n'));
        return lines.toString().strip();
    }

    /**
     * Adds {@code value} under {@code path}: a plain value as its string, a primitive array whole,
     * an object array or collection element by element, a POJO field by field.
     */
    static void flatten(String path, Object value, Map<String, String> out) {
        if (value == null) {
            out.put(path, "null");
        } else if (value instanceof String
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof Character
                || value instanceof Enum) {
            out.put(path, value.toString());
        } else if (value.getClass().isArray()
                && value.getClass().getComponentType().isPrimitive()) {
            out.put(path, primitives(value));
        } else if (value.getClass().isArray() || value instanceof Collection) {
            Object[] elements =
                    value instanceof Collection
                            ? ((Collection<?>) value).toArray()
                            : (Object[]) value;
            out.put(path + ".length", String.valueOf(elements.length));
            for (int i = 0; i < elements.length; i++) {
                flatten(path + "[" + i + "]", elements[i], out);
            }
        } else {
            Field[] fields = value.getClass().getFields();
            Arrays.sort(fields, Comparator.comparing(Field::getName));
            for (Field field : fields) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                try {
                    flatten(path + "." + field.getName(), field.get(value), out);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static String primitives(Object array) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < Array.getLength(array); i++) {
            text.append(i == 0 ? "" : ", ").append(Array.get(array, i));
        }
        return text.append(']').toString();
    }

    /**
     * The state's descriptor as the build that runs this declares it: with the type's own
     * serializer ({@code <Type>Serializer.INSTANCE}, as DeviceFeatures has since its compact state
     * serializers) if the build has one, else as a POJO. Found by reflection because the writer
     * runs on older builds too.
     */
    @SuppressWarnings("unchecked")
    private static <T> ValueStateDescriptor<T> descriptor(String name, Class<T> type) {
        try {
            Class<?> serializer =
                    Class.forName(type.getName() + "Serializer", true, type.getClassLoader());
            return new ValueStateDescriptor<>(
                    name, (TypeSerializer<T>) serializer.getField("INSTANCE").get(null));
        } catch (ClassNotFoundException pojo) {
            return new ValueStateDescriptor<>(name, TypeInformation.of(type));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot get the serializer of " + type, e);
        }
    }

    /**
     * Lists one or two value states of each key. The descriptors name the states and types as the
     * operators register them.
     */
    private static final class Reader<A, B> extends KeyedStateReaderFunction<String, String> {

        private final String firstName;
        private final Class<A> firstType;
        private final String secondName;
        private final Class<B> secondType;
        private transient ValueState<A> first;
        private transient ValueState<B> second;

        Reader(String firstName, Class<A> firstType, String secondName, Class<B> secondType) {
            this.firstName = firstName;
            this.firstType = firstType;
            this.secondName = secondName;
            this.secondType = secondType;
        }

        // Flink 1.20's reader functions are opened through the deprecated open(Configuration).
        @SuppressWarnings("deprecation")
        @Override
        public void open(Configuration parameters) {
            first = getRuntimeContext().getState(descriptor(firstName, firstType));
            if (secondName != null) {
                second = getRuntimeContext().getState(descriptor(secondName, secondType));
            }
        }

        @Override
        public void readKey(String key, Context context, Collector<String> out) throws Exception {
            SortedMap<String, String> flat = new TreeMap<>();
            flatten(key + " " + firstName, first.value(), flat);
            if (second != null) {
                flatten(key + " " + secondName, second.value(), flat);
            }
            out.collect(lines(flat));
        }
    }
}
