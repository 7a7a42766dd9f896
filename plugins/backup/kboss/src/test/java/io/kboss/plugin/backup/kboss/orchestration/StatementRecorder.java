package io.kboss.plugin.backup.kboss.orchestration;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The MySQL driver's own hook for every statement a connection sends to MariaDB (named in the JDBC URL
 * as {@code queryInterceptors}), recording the statements the current thread sends while a test
 * records on it. The orchestration tier runs a server's work on the test's thread (its loops are off),
 * so what one thread records is exactly what the product sent for the step the test drives, whatever
 * other threads do. Commits and {@code SET autocommit} count too: each is a round trip.
 */
public final class StatementRecorder implements QueryInterceptor {
    private static final ThreadLocal<List<String>> RECORDING = new ThreadLocal<>();

    /** Starts recording this thread's statements (dropping what an earlier recording kept). */
    static void start() {
        RECORDING.set(new ArrayList<>());
    }

    /** Stops recording on this thread; returns the statements sent since {@link #start}, in order. */
    static List<String> stop() {
        List<String> sent = RECORDING.get();
        RECORDING.remove();
        return sent == null ? List.of() : sent;
    }

    /** What this thread sent since {@link #start}, recording on. */
    static List<String> sofar() {
        List<String> sent = RECORDING.get();
        return sent == null ? List.of() : List.copyOf(sent);
    }

    @Override
    public QueryInterceptor init(MysqlConnection conn, Properties props, Log log) {
        return this;
    }

    @Override
    public <T extends Resultset> T preProcess(Supplier<String> sql, Query interceptedQuery) {
        List<String> sent = RECORDING.get();
        if (sent != null) {
            sent.add(sql.get().replaceAll("\\s+", " ").trim());
        }
        return null; // null: the statement goes to the server as usual
    }

    @Override
    public boolean executeTopLevelOnly() {
        return true;
    }

    @Override
    public void destroy() {
    }

    @Override
    public <T extends Resultset> T postProcess(Supplier<String> sql, Query interceptedQuery, T originalResultSet,
            ServerSession serverSession) {
        return null; // null: the caller gets the server's own result
    }
}
