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
