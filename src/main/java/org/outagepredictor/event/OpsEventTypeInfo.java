package org.outagepredictor.event;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type information of {@link OpsEvent}, declared on the class with {@code @TypeInfo}: Flink
 * serializes events with {@link OpsEventSerializer} wherever the type is inferred or named.
 */
public final class OpsEventTypeInfo extends TypeInformation<OpsEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<OpsEvent> getTypeClass() {
        return OpsEvent.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<OpsEvent> createSerializer(SerializerConfig config) {
        return OpsEventSerializer.INSTANCE;
    }

    /** Flink 1.20's abstract variant; Flink 2 has only the one above. */
    public TypeSerializer<OpsEvent> createSerializer(ExecutionConfig config) {
        return OpsEventSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "OpsEvent (compact)";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OpsEventTypeInfo;
    }

    @Override
    public int hashCode() {
        return OpsEventTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof OpsEventTypeInfo;
    }

    /** What {@code @TypeInfo} on {@link OpsEvent} names. */
    public static final class Factory extends TypeInfoFactory<OpsEvent> {

        @Override
        public TypeInformation<OpsEvent> createTypeInfo(
                Type type, Map<String, TypeInformation<?>> genericParameters) {
            return new OpsEventTypeInfo();
        }
    }
}
