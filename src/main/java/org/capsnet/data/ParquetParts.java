package org.capsnet.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.capsnet.InvalidInputException;
import org.capsnet.io.HadoopConf;
import org.capsnet.io.StoragePath;

/**
 * The part files of a MultiMNIST Parquet data set ({@link MultiMnistParquet#SCHEMA}) read with parquet-hadoop,
 * through the Hadoop FileSystem of each file's URI ({@link HadoopConf}), so a local directory is read from the local
 * disk whatever the cluster's default file system. A file that cannot be read or lacks a column is an
 * {@link InvalidInputException} naming it.
 */
final class ParquetParts {
    private static final Pattern PART_NUMBER = Pattern.compile("part-(\\d+).*");
    private static final String[] INT_COLUMNS = {"label1", "label2"};
    private static final String[] BINARY_COLUMNS = {"image", "source1", "source2"};

    private ParquetParts() {}

    /**
     * The data files of a Spark data set directory in the order Spark wrote them: by partition number (the
     * {@code part-NNNNN} of the name, compared as a number), then by name; hidden files ({@code _SUCCESS},
     * {@code .crc}) are skipped, as Spark's reader skips them.
     */
    static List<StoragePath> list(StoragePath dataSet) {
        List<StoragePath> parts = new ArrayList<>();
        for (StoragePath p : dataSet.list()) {
            String name = p.fileName();
            if (!name.startsWith("_") && !name.startsWith(".") && p.isFile()) {
                parts.add(p);
            }
        }
        parts.sort(Comparator.comparingLong((StoragePath p) -> partNumber(p.fileName()))
                .thenComparing(StoragePath::fileName));
        return parts;
    }

    /** The number of rows in the footer of {@code part}, after checking that it has the MultiMNIST columns. */
    static long rowCount(StoragePath part) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(hadoopPath(part), conf()))) {
            requireColumns(part, reader.getFooter().getFileMetaData().getSchema());
            return reader.getRecordCount();
        } catch (IOException | RuntimeException e) {
            throw unreadable(part, e);
        }
    }

    /** The length in bytes of the image of the first row of {@code part}: reads the image column alone. */
    static int firstImageLength(StoragePath part) {
        try {
            MessageType schema;
            try (ParquetFileReader footer =
                    ParquetFileReader.open(HadoopInputFile.fromPath(hadoopPath(part), conf()))) {
                schema = footer.getFooter().getFileMetaData().getSchema();
            }
            Configuration conf = conf();
            conf.set(
                    ReadSupport.PARQUET_READ_SCHEMA,
                    new MessageType(schema.getName(), schema.getType("image")).toString());
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), hadoopPath(part))
                    .withConf(conf)
                    .build()) {
                Group first = reader.read();
                if (first == null) {
                    throw new InvalidInputException(part + ": no rows, though its footer counts some");
                }
                return first.getBinary("image", 0).length();
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable(part, e);
        }
    }

    /** Passes every row of {@code part} to {@code rows}, in file order. */
    static void forEachRow(StoragePath part, Consumer<Group> rows) {
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), hadoopPath(part))
                .withConf(conf())
                .build()) {
            for (Group row = reader.read(); row != null; row = reader.read()) {
                rows.accept(row);
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable(part, e);
        }
    }

    private static void requireColumns(StoragePath part, MessageType schema) {
        for (String[] columns : new String[][] {INT_COLUMNS, BINARY_COLUMNS}) {
            PrimitiveTypeName expected = columns == INT_COLUMNS ? PrimitiveTypeName.INT32 : PrimitiveTypeName.BINARY;
            for (String column : columns) {
                Type type = schema.containsField(column) ? schema.getType(column) : null;
                if (type == null
                        || !type.isPrimitive()
                        || type.asPrimitiveType().getPrimitiveTypeName() != expected
                        || type.isRepetition(Type.Repetition.REPEATED)) {
                    throw new InvalidInputException(part + ": not MultiMNIST Parquet: column " + column + " must be "
                            + expected.name().toLowerCase(java.util.Locale.ROOT) + ", schema is "
                            + schema.toString().replaceAll("\\s+", " ").trim());
                }
            }
        }
    }

    /** Our own errors pass unchanged; anything else becomes one line naming the file. */
    private static InvalidInputException unreadable(StoragePath part, Exception e) {
        if (e instanceof InvalidInputException invalid) {
            return invalid;
        }
        String message = e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().lines().findFirst().orElse("").trim();
        message = message.replace(hadoopPath(part).toString(), "the file")
                .replace(part.uri().toString(), "the file");
        return new InvalidInputException(part + ": cannot read as Parquet (" + message + ")", e);
    }

    private static long partNumber(String name) {
        Matcher m = PART_NUMBER.matcher(name);
        if (m.matches() && m.group(1).length() < 19) {
            return Long.parseLong(m.group(1));
        }
        return Long.MAX_VALUE;
    }

    private static Path hadoopPath(StoragePath file) {
        return new Path(file.uri());
    }

    /** A copy of the shared configuration: parquet-hadoop's readers may set keys on the one they are given. */
    private static Configuration conf() {
        return new Configuration(HadoopConf.get());
    }
}
