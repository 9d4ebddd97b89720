package io.siemflink.pipeline.source.objects;

import io.siemflink.parsers.LogType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * One object to read, and how far reading it got: {@code emitted} outputs (events, dead letters, skips) were
 * handed downstream before the checkpoint, so a restore skips exactly those and emits the rest.
 *
 * @param logType      the type to read it as, or null to tell from the key layout or content
 * @param notification an opaque handle of the notification that announced it (SQS receipt), or null
 */
public record ObjectSplit(ObjectRef object, LogType logType, long emitted, String notification) implements SourceSplit {
    @Override
    public String splitId() {
        return object.bucket() + "/" + object.key() + (object.etag() == null ? "" : "#" + object.etag());
    }

    public ObjectSplit withEmitted(long n) {
        return new ObjectSplit(object, logType, n, notification);
    }

    /** Versioned binary form for checkpoints and savepoints. */
    public static final class Serializer implements SimpleVersionedSerializer<ObjectSplit> {
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(ObjectSplit s) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            write(s, out);
            out.flush();
            return bytes.toByteArray();
        }

        static void write(ObjectSplit s, DataOutputStream out) throws IOException {
            ObjectRef o = s.object();
            out.writeUTF(o.bucket());
            out.writeUTF(o.key());
            writeNullable(out, o.etag());
            out.writeLong(o.size());
            out.writeLong(o.lastModified());
            writeNullable(out, s.logType() == null ? null : s.logType().name());
            out.writeLong(s.emitted());
            writeNullable(out, s.notification());
        }

        @Override
        public ObjectSplit deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown ObjectSplit version " + version);
            }
            return read(new DataInputStream(new ByteArrayInputStream(serialized)));
        }

        static ObjectSplit read(DataInputStream in) throws IOException {
            ObjectRef o = new ObjectRef(in.readUTF(), in.readUTF(), readNullable(in), in.readLong(), in.readLong());
            String type = readNullable(in);
            return new ObjectSplit(o, type == null ? null : LogType.valueOf(type), in.readLong(), readNullable(in));
        }

        static void writeNullable(DataOutputStream out, String s) throws IOException {
            out.writeBoolean(s != null);
            if (s != null) {
                out.writeUTF(s);
            }
        }

        static String readNullable(DataInputStream in) throws IOException {
            return in.readBoolean() ? in.readUTF() : null;
        }
    }
}
