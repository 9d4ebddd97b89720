package io.siemflink.pipeline.source.objects;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.LogType;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

/** Discovery pauses while enough objects are queued, and only its upkeep runs meanwhile. */
class ObjectEnumeratorTest {
    /** Finds 100 new objects every round, forever (a busy queue); counts rounds and upkeep. */
    static final class Busy implements Discovery {
        int discovers;
        int maintains;
        List<String> lastLive = List.of();
        private int next;

        @Override
        public Serializable initialState() {
            return Boolean.TRUE;
        }

        @Override
        public Found discover(Serializable state) {
            discovers++;
            List<ObjectSplit> splits = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = next++;
                splits.add(new ObjectSplit(new ObjectRef("logs", "o-" + n, null, 10, 0), LogType.CLOUDTRAIL, 0, "1:h-" + n));
            }
            return new Found(splits, state, false);
        }

        @Override
        public void maintain(Collection<String> live) {
            maintains++;
            lastLive = List.copyOf(live);
        }

        @Override
        public boolean continuous() {
            return true;
        }

        @Override
        public Duration interval() {
            return Duration.ofMillis(1);
        }
    }

    private static void round(MockSplitEnumeratorContext<ObjectSplit> ctx) throws Throwable {
        ctx.runPeriodicCallable(0); // the tick, which starts a round
        ctx.runNextOneTimeCallable(); // the round
    }

    @Test
    void discoveryWaitsWhileEnoughObjectsAreQueuedAndKeepsUpItsUpkeep() throws Throwable {
        Busy busy = new Busy();
        try (MockSplitEnumeratorContext<ObjectSplit> ctx = new MockSplitEnumeratorContext<>(2)) {
            ObjectEnumerator e = new ObjectEnumerator(ctx, busy, null);
            e.start();
            for (int i = 0; i < 5; i++) {
                round(ctx);
            }
            // 100 queued after the first round, at least 16 per reader: the next four rounds are upkeep only
            assertThat(busy.discovers).isEqualTo(1);
            assertThat(busy.maintains).isEqualTo(5); // the first round's upkeep, before its receive, included
            assertThat(busy.lastLive).hasSize(100);

            // two readers take objects until fewer than 32 are queued; then discovery resumes
            ctx.registerReader(new ReaderInfo(0, "localhost"));
            ctx.registerReader(new ReaderInfo(1, "localhost"));
            for (int i = 0; i < 68; i++) {
                e.handleSplitRequest(i % 2, "localhost");
            }
            round(ctx);
            assertThat(busy.discovers).isEqualTo(1);
            e.handleSplitRequest(1, "localhost"); // the 69th: 31 left
            round(ctx);
            assertThat(busy.discovers).isEqualTo(2);
            assertThat(busy.maintains).isEqualTo(7);
            // what the readers were given is still live until they finish: 69 being read, 31 queued
            assertThat(busy.lastLive).hasSize(100).contains("1:h-0", "1:h-99");
        }
    }
}
