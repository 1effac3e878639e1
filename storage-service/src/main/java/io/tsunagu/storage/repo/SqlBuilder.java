package io.tsunagu.storage.repo;

import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one parameterized statement: SQL text with {@code $n} placeholders and the matching values. Only the
 * conditions a query needs are added, so PostgreSQL plans each shape of query with its indexes. Values are always
 * bound, never spliced into the text.
 */
final class SqlBuilder {

    private final StringBuilder sql;
    private final List<Object> values = new ArrayList<>();

    SqlBuilder(String start) {
        this.sql = new StringBuilder(start);
    }

    /** Appends {@code fragment}, in which each '?' stands for the next of {@code fragmentValues}. */
    SqlBuilder append(String fragment, Object... fragmentValues) {
        int next = 0;
        for (int i = 0; i < fragment.length(); i++) {
            char c = fragment.charAt(i);
            if (c == '?') {
                values.add(fragmentValues[next++]);
                sql.append('$').append(values.size());
            } else {
                sql.append(c);
            }
        }
        if (next != fragmentValues.length) {
            throw new IllegalArgumentException("placeholders and values differ in " + fragment);
        }
        return this;
    }

    /** Appends " AND column ..." conditions for every part of {@code match}, on the column {@code column}. */
    SqlBuilder andTopicMatches(String column, TopicMatch match) {
        if (match.exact() != null) {
            append(" AND " + column + " = ?", match.exact());
        }
        if (match.lowerBound() != null) {
            append(" AND " + column + " ~>=~ ?", match.lowerBound());
        }
        if (match.upperBound() != null) {
            append(" AND " + column + " ~<~ ?", match.upperBound());
        }
        if (match.regex() != null) {
            append(" AND " + column + " ~ ?", match.regex());
        }
        return this;
    }

    String sql() {
        return sql.toString();
    }

    Tuple tuple() {
        return Tuple.tuple(values);
    }
}
