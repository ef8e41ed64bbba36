package org.outagepredictor.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of comma-separated values: fields in double quotes may hold commas, and a doubled
 * quote inside them is one quote (RFC 4180, as PAN-OS writes it). Unquoted fields are kept as they
 * are, spaces included.
 */
public final class CsvLine {

    private CsvLine() {}

    /**
     * The fields of a whole line, for readers of CSV files outside the parsers.
     *
     * @throws IllegalArgumentException if a quoted field never closes
     */
    public static List<String> split(String line) {
        try {
            return split(line, 0);
        } catch (MalformedRecordException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The fields of {@code line} from {@code start}; an unterminated quoted field is an error. */
    static List<String> split(String line, int start) throws MalformedRecordException {
        List<String> fields = new ArrayList<>(64);
        int length = line.length();
        int i = start;
        while (true) {
            if (i < length && line.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                i++;
                while (true) {
                    if (i >= length) {
                        throw new MalformedRecordException(
                                "invalid CSV: field "
                                        + (fields.size() + 1)
                                        + " opens a quote that never closes");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < length && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < length && line.charAt(i) != ',') {
                    throw new MalformedRecordException(
                            "invalid CSV: field "
                                    + (fields.size() + 1)
                                    + " has text after its closing quote");
                }
                fields.add(field.toString());
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? length : comma;
                fields.add(line.substring(i, end));
                i = end;
            }
            if (i >= length) {
                return fields;
            }
            i++; // the comma
        }
    }
}
