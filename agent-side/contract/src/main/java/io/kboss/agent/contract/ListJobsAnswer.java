package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

public class ListJobsAnswer extends AgentAnswer {
    public List<JobInfo> jobs = new ArrayList<>();
}
