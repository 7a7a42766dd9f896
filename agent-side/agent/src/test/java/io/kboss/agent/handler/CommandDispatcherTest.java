package io.kboss.agent.handler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.ListJobsAnswer;
import io.kboss.agent.contract.ListJobsCommand;
import org.junit.Test;

public class CommandDispatcherTest {
    private final CommandDispatcher dispatcher = new CommandDispatcher()
            .register(Handlers.of(ListJobsCommand.NAME, ListJobsCommand.class, c -> {
                if (c.activeOnly) {
                    throw new IllegalStateException("journal folder is gone");
                }
                return new ListJobsAnswer();
            }));

    @Test
    public void aCommandFromANewerProtocolIsAnsweredWithAMismatchAndNotRun() {
        AgentAnswer a = dispatcher.dispatch(ListJobsCommand.NAME, "{\"protocolVersion\":99,\"activeOnly\":true}")
                .orElseThrow();
        assertFalse(a.success);
        assertEquals(ErrorCode.PROTOCOL_MISMATCH, a.errorCode);
        assertTrue(a.errorText, a.errorText.contains("upgrade kboss-agent"));
    }

    @Test
    public void aBodyThatIsNotTheCommandIsRefusedAndAFailingHandlerAnswersWithItsOwnAnswerType() {
        assertTrue(dispatcher.dispatch(ListJobsCommand.NAME, "[1,2]").isEmpty());
        assertTrue(dispatcher.dispatch(ListJobsCommand.NAME, "").isEmpty());

        AgentAnswer a = dispatcher.dispatch(ListJobsCommand.NAME, "{\"activeOnly\":true}").orElseThrow();

        assertTrue(a instanceof ListJobsAnswer);
        assertEquals(ErrorCode.FAILED, a.errorCode);
        assertTrue(a.errorText, a.errorText.contains("journal folder is gone"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void twoHandlersForOneCommandAreABug() {
        dispatcher.register(Handlers.of(ListJobsCommand.NAME, ListJobsCommand.class, c -> new ListJobsAnswer()));
    }
}
