package org.capsnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.capsnet.io.StoragePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics file's JSON lines keep the field names and order documented in the command reference. */
class MetricsRecordJsonTest {
    static final RoundRecord ROUND = new RoundRecord(1, 2, 120, 0.5, 200, 100.0, 0.001, 2);
    static final EpochRecord EPOCH =
            new EpochRecord(1, 0.25, 12000, 60.0, 200.0, 0.001, 120, 120, 1.0, 58.0, 1.0, 0.9, 10000L, 0.8, 0.95, null);

    @Test
    void roundAndEpochRecordsAreWrittenWithTheDocumentedFieldNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.jsonl");
        MetricsLog log = new MetricsLog(file);
        log.write(ROUND);
        log.write(EPOCH);
        log.write(EPOCH.stoppedAt(3));
        List<String> lines = Files.readAllLines(file);
        assertEquals(
                "{\"epoch\":1,\"round\":2,\"rounds\":120,\"train_loss\":0.5,\"examples\":200,"
                        + "\"images_per_sec\":100.0,\"learning_rate\":0.001,\"adam_step\":2}",
                lines.get(0));
        assertEquals(
                "{\"epoch\":1,\"train_loss\":0.25,\"examples\":12000,\"seconds\":60.0,\"images_per_sec\":200.0,"
                        + "\"learning_rate\":0.001,\"adam_step\":120,\"rounds\":120,\"broadcast_seconds\":1.0,"
                        + "\"fit_seconds\":58.0,\"aggregate_seconds\":1.0,\"test_accuracy\":0.9,\"test_examples\":10000,"
                        + "\"test_two_digit_accuracy\":0.8,\"test_at_least_one_accuracy\":0.95}",
                lines.get(1));
        assertEquals(lines.get(1).replace("}", ",\"stopped_at_round\":3}"), lines.get(2));
    }

    @Test
    void anEpochWithoutTestSplitLeavesTheScoresOut() {
        EpochRecord noTest =
                new EpochRecord(2, 0.1, 10, 1.0, 10.0, Double.NaN, 0, 1, 0, 1.0, 0, null, null, null, null, null);
        assertEquals(
                "{\"epoch\":2,\"train_loss\":0.1,\"examples\":10,\"seconds\":1.0,\"images_per_sec\":10.0,"
                        + "\"learning_rate\":\"NaN\",\"adam_step\":0,\"rounds\":1,\"broadcast_seconds\":0.0,"
                        + "\"fit_seconds\":1.0,\"aggregate_seconds\":0.0}",
                org.capsnet.io.Json.line(noTest));
    }

    @Test
    void recordsReadBackAsTheTypesTheyWereWrittenAs(@TempDir Path dir) {
        Path file = dir.resolve("m.jsonl");
        MetricsLog log = new MetricsLog(file);
        log.write(ROUND);
        log.write(EPOCH);
        List<MetricsRecord> back = MetricsLog.read(StoragePath.local(file));
        assertEquals(ROUND, assertInstanceOf(RoundRecord.class, back.get(0)));
        assertEquals(EPOCH, assertInstanceOf(EpochRecord.class, back.get(1)));
        assertEquals(List.of(EPOCH), MetricsLog.epochs(back));
    }
}
