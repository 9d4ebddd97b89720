package io.siemflink.pipeline.model;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information that hands Flink the explicit {@link ParseOutputSerializer}. */
public final class ParseOutputTypeInfo extends TypeInformation<ParseOutput> {
    private static final long serialVersionUID = 1L;
    public static final ParseOutputTypeInfo INSTANCE = new ParseOutputTypeInfo();

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
    public Class<ParseOutput> getTypeClass() {
        return ParseOutput.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<ParseOutput> createSerializer(SerializerConfig config) {
        return ParseOutputSerializer.INSTANCE;
    }

    @Override
    @SuppressWarnings("deprecation")
    public TypeSerializer<ParseOutput> createSerializer(ExecutionConfig config) {
        return ParseOutputSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "ParseOutput";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ParseOutputTypeInfo;
    }

    @Override
    public int hashCode() {
        return ParseOutputTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof ParseOutputTypeInfo;
    }
}
