package io.kboss.agent.job;

import io.kboss.agent.contract.JobInfo;
import java.util.ArrayList;
import java.util.List;

/** One job in the journal: what the server sees, plus what it created that is not undone yet. */
public final class JournalEntry {
    public JobInfo job;
    public List<Leftover> leftovers = new ArrayList<>();

    JournalEntry copy() {
        JournalEntry c = new JournalEntry();
        c.job = JobJournal.GSON.fromJson(JobJournal.GSON.toJson(job), JobInfo.class);
        c.leftovers = new ArrayList<>(leftovers);
        return c;
    }
}
