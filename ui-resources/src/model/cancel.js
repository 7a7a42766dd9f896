// cancelBackupOperation names the work to cancel by exactly one of `jobid` (the async job its
// command answered), `virtualmachineid` (the one backup, restore or delete holding the VM) and `id`
// (a service job's id). These helpers pick that one parameter for what a page shows: a job the
// caller started is named by its job id (exact even when other work waits on the VM), a backup or
// restore seen without its job (started by a schedule or another session) by its VM.

const LIVE_BACKUP = ['Allocated', 'Queued', 'BackingUp', 'Restoring']

// The one parameter, jobid first, then id, then virtualmachineid; null when none is known.
export function cancelParams({ jobid, id, virtualmachineid } = {}) {
  if (jobid) return { jobid }
  if (id) return { id }
  if (virtualmachineid) return { virtualmachineid }
  return null
}

// True while a backup is taken or waits to be, or a restore from it waits or runs.
export function backupIsLive(backup) {
  return Boolean(backup) && (LIVE_BACKUP.includes(backup.status) || Boolean(backup.restorestatus))
}

// What cancels the work on a backup: the caller's live job on it (listAsyncJobs' jobinstanceid),
// otherwise the VM it holds; null when nothing runs or waits on it.
export function backupCancelParams(backup, jobs = []) {
  if (!backupIsLive(backup)) return null
  const job = jobs.find((j) => j.jobinstanceid === backup.id && jobCancelParams(j))
  return cancelParams({ jobid: job?.jobid, virtualmachineid: backup.virtualmachineid })
}

// A service job (compression, validation) is cancelled by its id while it waits or runs.
export function serviceJobCancelParams(job) {
  const live = job?.state === 'Queued' || job?.state === 'WaitingForRetry' || job?.state === 'Running' || job?.executing === true || job?.executing === 'true'
  return live ? cancelParams({ id: job.id }) : null
}

// The async jobs whose work is on the backup queue and can be cancelled by their job id.
export const CANCELLABLE_COMMANDS = ['createBackup', 'restoreBackup', 'restoreVolumeFromBackupAndAttachToVM', 'createVMFromBackup']

// A pending job of one of those commands is cancelled by its job id; others (start a VM, delete) not at all.
export function jobCancelParams(job) {
  return job && Number(job.jobstatus) === 0 && CANCELLABLE_COMMANDS.includes(job.cmd) ? cancelParams({ jobid: job.jobid }) : null
}

// The compression or validation queued or running on a backup (listBackups' servicejobid and
// servicejobtype) is cancelled by that id, of the given type only; the server lets only root
// administrators cancel service work of no VM, so nobody else is offered it.
export function backupServiceJobCancelParams(backup, type, { rootAdmin = false } = {}) {
  if (!rootAdmin || !backup?.servicejobid || backup.servicejobtype !== type) return null
  return cancelParams({ id: backup.servicejobid })
}

// What a cancel does to each kind of work, as the confirmation dialog says it before the user agrees.
// Each kind ends differently (docs: cancel-and-new-vm.md, compression.md, validation.md, backup-jobs.md),
// so one sentence for all would promise the wrong thing: a compression or validation holds no VM,
// and a cancelled restore may leave the VM's disks half written.
const QUEUED = 'If it still waits in the queue it is dropped and never runs.'
const STOPPED = 'If it runs, the agent stops it and removes what it had written, and its job then fails saying you cancelled it.'
const CANCEL_EFFECTS = {
  backup: [QUEUED, STOPPED,
    'The backup ends Failed, so the VM\'s next backup is a full one. The VM keeps running and is never paused.'],
  restore: [QUEUED, STOPPED,
    'The VM\'s disks stay as they were before the restore, unless the agent reports they may be partly written: the VM is then ' +
    'in BackupError and must be restored again before it is started.'],
  volumerestore: [QUEUED, STOPPED, 'No volume is attached to the VM, which is left as it was.'],
  newvm: [QUEUED, STOPPED,
    'Nothing is left behind unless the new VM already runs (quick restore): it is then kept and registered.'],
  compression: [QUEUED,
    'If it runs, the agent stops it and deletes its partial copy; files it had already replaced by checked compressed copies stay so.',
    'The backup stays Uncompressed, whole and restorable as before, and is not compressed again by itself; a validation that waited ' +
    'for the compression goes ahead. No VM is touched.'],
  validation: [QUEUED,
    'If it runs, the agent destroys the throwaway VM and its overlays; the backup\'s own files are never changed.',
    'A first validation leaves the backup UnableToValidate, with your cancel as the reason, and it is not validated again by itself; ' +
    'a periodic re-check of a Valid backup\'s files leaves it Valid, and the next check tries again. No VM is touched.'],
  backupjobrun: [
    'Its queued backups are dropped and its running ones are stopped as a cancelled backup is (the VMs keep running, and their next ' +
    'backup is full); those VMs go to the run\'s error set.',
    'No further VM is backed up, and a cancelled run is not retried: start a new one.']
}
export const CANCEL_KINDS = Object.keys(CANCEL_EFFECTS)

// The sentences the cancel dialog shows for one kind of work; an unknown kind is a programming error.
export function cancelEffects(kind) {
  const effects = CANCEL_EFFECTS[kind]
  if (!effects) throw new RangeError(`no cancel text for work of kind ${kind}; kinds: ${CANCEL_KINDS.join(', ')}`)
  return effects
}

// The kind of work an async job of a queue command does (jobCancelParams' commands); null for others.
export function cancelKindOfCommand(cmd) {
  return { createBackup: 'backup', restoreBackup: 'restore', restoreVolumeFromBackupAndAttachToVM: 'volumerestore',
    createVMFromBackup: 'newvm' }[cmd] ?? null
}

// The kind of a service job (listBackupServiceJobs' type: Compression or Validation); null for others.
export function cancelKindOfServiceJob(type) {
  return { Compression: 'compression', Validation: 'validation' }[type] ?? null
}
