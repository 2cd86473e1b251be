package io.falcotcp.benchmarks.load;

import java.util.Locale;

/**
 * A flat JSON object written on one line, field by field.
 */
final class JsonLine {

    private final StringBuilder json = new StringBuilder("{");

    JsonLine field(String name, String value) {
        name(name).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> this.json.append("\\\"");
                case '\\' -> this.json.append("\\\\");
                case '\n' -> this.json.append("\\n");
                case '\r' -> this.json.append("\\r");
                case '\t' -> this.json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        this.json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    }
                    else {
                        this.json.append(c);
                    }
                }
            }
        }
        this.json.append('"');
        return this;
    }

    JsonLine field(String name, long value) {
        name(name).append(value);
        return this;
    }

    /** A finite number with one decimal. */
    JsonLine field(String name, double value) {
        name(name).append(String.format(Locale.ROOT, "%.1f", value));
        return this;
    }

    private StringBuilder name(String name) {
        if (this.json.length() > 1) {
            this.json.append(',');
        }
        return this.json.append('"').append(name).append("\":");
    }

    @Override
    public String toString() {
        return this.json + "}";
    }

}
