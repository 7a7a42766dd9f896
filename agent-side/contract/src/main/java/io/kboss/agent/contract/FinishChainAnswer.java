package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

public class FinishChainAnswer extends AgentAnswer {
    public List<String> removedCheckpoints = new ArrayList<>();
}
