package org.capsnet.cli;

import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns a path option's value (a local path or a Hadoop FileSystem URI) into a {@link StoragePath}. Registered for
 * every command by {@link CapsNetMain}, so any option of type StoragePath takes both forms; a malformed URI or an
 * unknown scheme is a one-line usage error (exit 2) naming the option and the value.
 */
final class StoragePathConverter implements ITypeConverter<StoragePath> {
    @Override
    public StoragePath convert(String value) {
        try {
            return StoragePath.of(value);
        } catch (InvalidInputException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
