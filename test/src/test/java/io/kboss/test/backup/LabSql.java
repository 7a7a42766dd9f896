package io.kboss.test.backup;

import static org.junit.Assert.assertTrue;

import io.kboss.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The SQL a test reads its server's rows with: a fresh connection per statement, as another client would. */
final class LabSql {
    private final TestDatabase db;

    LabSql(TestDatabase db) {
        this.db = db;
    }

    /** The first column of the first row; a missing row fails the test. */
    String single(String sql) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue("no row for " + sql, rs.next());
            return rs.getString(1);
        }
    }

    int count(String sql) throws Exception {
        return Integer.parseInt(single(sql));
    }

    void execute(String sql) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    /** Each row's columns joined by spaces. */
    List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " " : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
