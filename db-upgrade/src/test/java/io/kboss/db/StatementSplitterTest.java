package io.kboss.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class StatementSplitterTest {

    @Test
    public void splitsAtSemicolonsAndRemembersTheLineOfEachStatement() {
        List<StatementSplitter.Statement> s = StatementSplitter.split("V1__t.sql",
                "CREATE TABLE a (id INT);\n\nCREATE TABLE b (\n  id INT\n);\nINSERT INTO a VALUES (1)");

        assertEquals(3, s.size());
        assertEquals("CREATE TABLE a (id INT)", s.get(0).sql());
        assertEquals(1, s.get(0).line());
        assertEquals(3, s.get(1).line());
        assertEquals(6, s.get(2).line());
        assertEquals("INSERT INTO a VALUES (1)", s.get(2).sql());
    }

    @Test
    public void semicolonsInsideStringsIdentifiersAndCommentsDoNotSplit() {
        List<StatementSplitter.Statement> s = StatementSplitter.split("V1__t.sql", String.join("\n",
                "-- a comment; with a semicolon",
                "# another; one",
                "/* block; comment */ INSERT INTO t VALUES ('a;b', \"c;d\", 'it''s;', 'back\\';slash');",
                "CREATE TABLE `odd;name` (id INT);"));

        assertEquals(2, s.size());
        assertTrue(s.get(0).sql().endsWith("INSERT INTO t VALUES ('a;b', \"c;d\", 'it''s;', 'back\\';slash')"));
        assertEquals(3, s.get(0).line());
        assertEquals("CREATE TABLE `odd;name` (id INT)", s.get(1).sql());
        assertEquals(4, s.get(1).line());
    }

    @Test
    public void aChunkOfOnlyCommentsAndBlanksIsNotAStatement() {
        List<StatementSplitter.Statement> s = StatementSplitter.split("V1__t.sql",
                "CREATE TABLE a (id INT);\n-- trailing remark\n/* and another */\n;\n");

        assertEquals(1, s.size());
    }

    @Test
    public void twoDashesWithoutASpaceAreAnOperatorNotAComment() {
        List<StatementSplitter.Statement> s = StatementSplitter.split("V1__t.sql", "SELECT 1--1;SELECT 2");

        assertEquals(List.of("SELECT 1--1", "SELECT 2"), s.stream().map(StatementSplitter.Statement::sql).toList());
    }

    @Test
    public void delimiterCommandIsRefusedWithTheLineItIsOn() {
        SchemaUpgradeException e = assertThrows(SchemaUpgradeException.class,
                () -> StatementSplitter.split("V4__proc.sql", "CREATE TABLE a (id INT);\nDELIMITER //\n"));

        assertEquals(SchemaUpgradeException.Kind.INVALID_SCRIPTS, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("V4__proc.sql line 2"));
    }

    @Test
    public void unterminatedStringIsRefusedWithTheLineItStartsOn() {
        SchemaUpgradeException e = assertThrows(SchemaUpgradeException.class,
                () -> StatementSplitter.split("V5__x.sql", "SELECT 1;\n\nINSERT INTO t VALUES ('open;\n"));

        assertTrue(e.getMessage(), e.getMessage().contains("unterminated string starting on line 3"));
    }
}
