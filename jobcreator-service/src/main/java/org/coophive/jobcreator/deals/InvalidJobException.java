package org.coophive.jobcreator.deals;

/** A job that cannot be run as asked: its module cannot be loaded, an input is missing, a limit is invalid. */
public class InvalidJobException extends Exception {

    public InvalidJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
