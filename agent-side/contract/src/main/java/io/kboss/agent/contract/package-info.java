/**
 * The wire contract between the KBOSS management server and {@code kboss-agent}.
 *
 * <h2>Transport</h2>
 * Every command is an HTTP {@code POST} of its JSON (Gson, {@link io.kboss.agent.contract.WireJson})
 * to {@code http://<host>:8250/kboss-agent/v1/<commandName>}; the answer is JSON with status 200 —
 * also when the command failed, which the answer's {@code success}, {@code errorCode} and
 * {@code errorText} say. Other statuses: 400 (body is not a command), 404 (unknown command),
 * 401 (not authenticated; no body, nothing was done).
 *
 * <h2>Versioning</h2>
 * Commands and answers carry {@code protocolVersion} ({@link io.kboss.agent.contract.Protocol#VERSION}).
 * Adding a field does not change the version: both ends ignore fields they do not know and read
 * unknown enum constants as null. A version higher than the agent's is answered with
 * {@code PROTOCOL_MISMATCH}.
 *
 * <h2>Authentication</h2>
 * At first start the agent writes a random 20-byte pairing secret to its state folder (mode 0600)
 * and prints it as a pairing code. The operator gives the code to the management server, which
 * sends {@link io.kboss.agent.contract.PairCommand} signed with it; both ends then derive the
 * channel key ({@link io.kboss.agent.contract.auth.PairingCode#deriveChannelKey}), the agent forgets
 * the code and refuses any further pairing until reset locally ({@code kboss-agent --reset-pairing}).
 * Every request carries {@code X-Kboss-Timestamp} (epoch ms), {@code X-Kboss-Nonce} and
 * {@code X-Kboss-Signature}, an HMAC-SHA256 over method, path, timestamp, nonce and the body's
 * SHA-256 ({@link io.kboss.agent.contract.auth.ChannelSignature}). The agent refuses timestamps
 * more than 300 s from its clock and any nonce seen within that window (replays), with a bare 401.
 * Answers are signed over the request's nonce, status and body, and
 * {@link io.kboss.agent.contract.client.AgentClient} rejects an unsigned or altered answer.
 *
 * <p>The channel is plain HTTP: bodies are <b>authenticated but not secret</b>. Commands therefore
 * carry no secrets (no passwords, no keys; NFS exports are mounted without credentials), only names
 * of VMs, paths and sizes. Put the agents on the management network; TLS can be added in front
 * without changing the contract.
 *
 * <h2>Jobs</h2>
 * Backup, restore, quick restore, create VM from backup, delete, compress, validate and hash start an
 * agent job and answer at once with {@link io.kboss.agent.contract.JobInfo} (state QUEUED or RUNNING).
 * Follow it with {@link io.kboss.agent.contract.GetJobCommand}, stop it with
 * {@link io.kboss.agent.contract.CancelJobCommand}. Jobs are journaled on the agent's disk: after a
 * server restart {@link io.kboss.agent.contract.ListJobsCommand} shows them all; after an agent crash
 * the jobs it was running are FAILED with {@code AGENT_RESTARTED} and their leftovers cleaned.
 * {@code requestId} makes starting a job idempotent. A failed job's {@code disksConsistent} tells
 * Failed (false only when the VM's disks may be inconsistent) from Error. A job whose command
 * gives a timeout ({@code timeoutSeconds}) is stopped and cleaned up when it runs past it and ends
 * FAILED with {@code TIMED_OUT}. Two jobs never change the same backup file at once: the second is
 * refused with {@code BUSY}.
 *
 * <p>Answered at once, not jobs: {@code vm-events} (the VMs' lifecycle feed, see
 * {@link io.kboss.agent.contract.VmEventsCommand}), {@code start-vm} and {@code stop-vm} (refused with
 * {@code BUSY} while a job works on the VM), {@code finish-chain}, {@code attach-disk},
 * {@code get-store-capacity}, {@code release-store}, {@code list-vms}, {@code get-host-info}. Each
 * command's class documents its parameters, its answer and its errors.
 *
 * <h2>Paths</h2>
 * Backup file paths are relative to the store root, laid out as
 * {@code backups/<accountId>/<volumeId>/<backupUuid>.qcow2}; incremental files point at their parent
 * with a relative backing path, so a store can be mounted anywhere.
 */
package io.kboss.agent.contract;
