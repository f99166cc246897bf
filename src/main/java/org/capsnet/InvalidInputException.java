package org.capsnet;

/**
 * Bad input from the user: a file, an option or a value that cannot be used. The command line prints the message
 * as one line and exits with code 2, so the message must name the file or option and say what is wrong.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
