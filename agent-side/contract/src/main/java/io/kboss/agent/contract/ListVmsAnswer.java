package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

public class ListVmsAnswer extends AgentAnswer {
    public List<VmInfo> vms = new ArrayList<>();
}
