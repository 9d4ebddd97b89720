package io.siemflink.pipeline.source.objects;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The enumerator's checkpoint: splits found but not yet assigned, the discovery cursor, whether a bounded scan
 * is exhausted, and notifications whose objects are processed and await acknowledgement.
 */
public record EnumState(List<ObjectSplit> pending, Serializable discovery, boolean exhausted, List<String> unacknowledged) {

    /** Splits in their own versioned form; the discovery cursor by Java serialization (it is ours and small). */
    public static final class Serializer implements SimpleVersionedSerializer<EnumState> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(EnumState s) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(s.pending().size());
            for (ObjectSplit split : s.pending()) {
                ObjectSplit.Serializer.write(split, out);
            }
            out.writeBoolean(s.exhausted());
            out.writeInt(s.unacknowledged().size());
            for (String n : s.unacknowledged()) {
                out.writeUTF(n);
            }
            ByteArrayOutputStream java = new ByteArrayOutputStream();
            try (ObjectOutputStream o = new ObjectOutputStream(java)) {
                o.writeObject(s.discovery());
            }
            out.writeInt(java.size());
            out.write(java.toByteArray());
            out.flush();
            return bytes.toByteArray();
        }

        @Override
        public EnumState deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown enumerator state version " + version);
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
            int n = in.readInt();
            List<ObjectSplit> pending = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                pending.add(ObjectSplit.Serializer.read(in));
            }
            boolean exhausted = in.readBoolean();
            int u = in.readInt();
            List<String> unacked = new ArrayList<>(u);
            for (int i = 0; i < u; i++) {
                unacked.add(in.readUTF());
            }
            byte[] java = new byte[in.readInt()];
            in.readFully(java);
            try (ObjectInputStream o = new ObjectInputStream(new ByteArrayInputStream(java)) {
                @Override
                protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                    // Flink's user-code class loader, not the system one.
                    return Class.forName(desc.getName(), false, EnumState.class.getClassLoader());
                }
            }) {
                return new EnumState(pending, (Serializable) o.readObject(), exhausted, unacked);
            } catch (ClassNotFoundException e) {
                throw new IOException(e);
            }
        }
    }
}
