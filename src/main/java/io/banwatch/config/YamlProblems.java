package io.banwatch.config;

import com.fasterxml.jackson.core.JacksonException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML syntax error in one line: where it is and what is wrong. SnakeYAML's own message spans eight lines with
 * an excerpt of the file and a caret; a configuration error should read as one.
 */
final class YamlProblems {

    private YamlProblems() {}

    /** For example {@code at line 3, column 4: expected ',' or ']', but got ':' (in a flow sequence from line 2)}. */
    static String describe(JacksonException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblem() != null) {
                StringBuilder text = new StringBuilder();
                Mark mark = marked.getProblemMark();
                if (mark != null) {
                    text.append("at line ")
                            .append(mark.getLine() + 1)
                            .append(", column ")
                            .append(mark.getColumn() + 1)
                            .append(": ");
                }
                text.append(marked.getProblem().strip());
                Mark contextMark = marked.getContextMark();
                if (marked.getContext() != null && contextMark != null) {
                    text.append(" (")
                            .append(marked.getContext().strip())
                            .append(" that starts at line ")
                            .append(contextMark.getLine() + 1)
                            .append(')');
                }
                return text.toString();
            }
        }
        String where =
                e.getLocation() == null ? "" : "at line " + e.getLocation().getLineNr() + ": ";
        String message = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
        int newline = message.indexOf('\n');
        return where + (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
