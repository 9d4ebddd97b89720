package io.siemflink.pipeline.model;

import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Field;
import io.siemflink.parsers.event.RawJson;
import io.siemflink.parsers.event.Timestamp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * An explicit serializer for {@link ParseOutput} (and the {@link Event} inside), so that Flink never falls back
 * to Kryo. Chained operators do not serialize at all; this is used across network shuffles and in state.
 */
public final class ParseOutputSerializer extends TypeSerializer<ParseOutput> {
    private static final long serialVersionUID = 1L;
    public static final ParseOutputSerializer INSTANCE = new ParseOutputSerializer();

    private static final byte EVENT = 1;
    private static final byte DEAD_LETTER = 2;
    private static final byte SKIP = 3;

    private static final byte T_STRING = 1;
    private static final byte T_LONG = 2;
    private static final byte T_INT = 3;
    private static final byte T_DOUBLE = 4;
    private static final byte T_BOOLEAN = 5;
    private static final byte T_TIMESTAMP = 6;
    private static final byte T_RAW = 7;
    private static final byte T_LIST = 8;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<ParseOutput> duplicate() {
        return this;
    }

    @Override
    public ParseOutput createInstance() {
        return ParseOutput.of(new Skip(null, "empty", null, -1));
    }

    @Override
    public ParseOutput copy(ParseOutput from) {
        if (from.event() != null) {
            return ParseOutput.of(copy(from.event()));
        }
        return from; // dead letters and skips are immutable records
    }

    public static Event copy(Event e) {
        return e.copy();
    }

    @Override
    public ParseOutput copy(ParseOutput from, ParseOutput reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ParseOutput o, DataOutputView out) throws IOException {
        if (o.event() != null) {
            out.writeByte(EVENT);
            writeEvent(o.event(), out);
        } else if (o.deadLetter() != null) {
            out.writeByte(DEAD_LETTER);
            DeadLetter d = o.deadLetter();
            writeType(d.type(), out);
            out.writeUTF(d.reason());
            out.writeInt(d.original().length);
            out.write(d.original());
            out.writeLong(d.originalLength());
            writeSource(d.source(), out);
            out.writeLong(d.line());
            out.writeLong(d.offset());
        } else {
            out.writeByte(SKIP);
            Skip s = o.skip();
            writeType(s.type(), out);
            out.writeUTF(s.reason());
            writeSource(s.source(), out);
            out.writeLong(s.line());
        }
    }

    @Override
    public ParseOutput deserialize(DataInputView in) throws IOException {
        byte kind = in.readByte();
        switch (kind) {
            case EVENT:
                return ParseOutput.of(readEvent(in));
            case DEAD_LETTER: {
                LogType t = readType(in);
                String reason = in.readUTF();
                byte[] orig = new byte[in.readInt()];
                in.readFully(orig);
                long len = in.readLong();
                SourceRef src = readSource(in);
                return ParseOutput.of(new DeadLetter(t, reason, orig, len, src, in.readLong(), in.readLong()));
            }
            case SKIP: {
                LogType t = readType(in);
                String reason = in.readUTF();
                SourceRef src = readSource(in);
                return ParseOutput.of(new Skip(t, reason, src, in.readLong()));
            }
            default:
                throw new IOException("corrupt ParseOutput: kind " + kind);
        }
    }

    @Override
    public ParseOutput deserialize(ParseOutput reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    public static void writeEvent(Event e, DataOutputView out) throws IOException {
        writeType(e.type(), out);
        writeNullable(e.id(), out);
        writeLongString(e.original(), out);
        out.writeLong(e.position());
        out.writeInt(e.size());
        IOException[] failure = new IOException[1];
        e.forEach((f, v) -> {
            if (failure[0] == null) {
                try {
                    out.writeUTF(f.name());
                    writeValue(v, out);
                } catch (IOException ex) {
                    failure[0] = ex;
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    public static Event readEvent(DataInputView in) throws IOException {
        LogType t = readType(in);
        Event e = new Event(t);
        e.id(readNullable(in));
        e.original(readLongString(in));
        e.position(in.readLong());
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            Field f = Field.of(in.readUTF());
            e.put(f, readValue(in));
        }
        return e;
    }

    private static void writeValue(Object v, DataOutputView out) throws IOException {
        if (v instanceof String s) {
            out.writeByte(T_STRING);
            writeLongString(s, out);
        } else if (v instanceof Long l) {
            out.writeByte(T_LONG);
            out.writeLong(l);
        } else if (v instanceof Integer i) {
            out.writeByte(T_INT);
            out.writeInt(i);
        } else if (v instanceof Double d) {
            out.writeByte(T_DOUBLE);
            out.writeDouble(d);
        } else if (v instanceof Boolean b) {
            out.writeByte(T_BOOLEAN);
            out.writeBoolean(b);
        } else if (v instanceof Timestamp ts) {
            out.writeByte(T_TIMESTAMP);
            out.writeLong(ts.epochSecond());
            out.writeInt(ts.nanos());
        } else if (v instanceof RawJson r) {
            out.writeByte(T_RAW);
            writeLongString(r.json(), out);
        } else if (v instanceof List<?> l) {
            out.writeByte(T_LIST);
            out.writeInt(l.size());
            for (Object o : l) {
                writeValue(o, out);
            }
        } else {
            out.writeByte(T_STRING);
            writeLongString(String.valueOf(v), out);
        }
    }

    private static Object readValue(DataInputView in) throws IOException {
        byte t = in.readByte();
        switch (t) {
            case T_STRING:
                return readLongString(in);
            case T_LONG:
                return in.readLong();
            case T_INT:
                return in.readInt();
            case T_DOUBLE:
                return in.readDouble();
            case T_BOOLEAN:
                return in.readBoolean();
            case T_TIMESTAMP:
                return Timestamp.of(in.readLong(), in.readInt());
            case T_RAW:
                return new RawJson(readLongString(in));
            case T_LIST: {
                int n = in.readInt();
                List<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    l.add(readValue(in));
                }
                return l;
            }
            default:
                throw new IOException("corrupt event value tag " + t);
        }
    }

    /** writeUTF is limited to 64 KB; record text can be larger. */
    private static void writeLongString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readLongString(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeNullable(String s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeType(LogType t, DataOutputView out) throws IOException {
        out.writeByte(t == null ? -1 : t.ordinal());
    }

    private static LogType readType(DataInputView in) throws IOException {
        byte b = in.readByte();
        return b < 0 ? null : LogType.values()[b];
    }

    private static void writeSource(SourceRef s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeLongString(s.name(), out);
            writeLongString(s.key(), out);
        }
    }

    private static SourceRef readSource(DataInputView in) throws IOException {
        return in.readBoolean() ? new SourceRef(readLongString(in), readLongString(in)) : null;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ParseOutputSerializer;
    }

    @Override
    public int hashCode() {
        return ParseOutputSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<ParseOutput> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot for savepoint compatibility checks. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ParseOutput> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
