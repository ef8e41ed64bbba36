package org.outagepredictor.ingest;

/** Keeping event summaries to one readable line. */
final class Summaries {

    /** Longest summary kept; a log line or error message beyond this is cut. */
    static final int MAX_LENGTH = 500;

    private Summaries() {}

    /** The first line of a text, cut to {@link #MAX_LENGTH} characters. */
    static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = (newline < 0 ? text : text.substring(0, newline)).strip();
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
    }
}
