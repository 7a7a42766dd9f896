package io.kboss.plugin.backup.kboss.operation;

import io.kboss.server.backup.AgentChannels;
import io.kboss.server.backup.ImageStores;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.operation.OperationQueue;
import java.time.Clock;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The framework's ports and the time, as the provider's services and handlers use them: built once
 * ({@code KbossPluginConfiguration}) and handed to each, so no constructor lists them one by one.
 *
 * @param vms    the VMs and volumes discovery keeps
 * @param stores the image stores and their used space
 * @param agents the channels to the hosts' agents
 * @param jobs   how an agent job is followed to its end
 * @param queue  the operation queue
 * @param tx     the framework's transactions
 * @param clock  the server's clock
 */
public record Ports(VmInventory vms, ImageStores stores, AgentChannels agents, AgentJobs jobs, OperationQueue queue,
        TransactionOperations tx, Clock clock) {
}
