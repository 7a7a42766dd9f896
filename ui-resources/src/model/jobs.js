// How an async job reads in the UI: what it does, and what came of it in the server's words.

const TITLES = {
  createBackup: 'Backup',
  assignVirtualMachineToBackupOffering: 'Assign backup offering',
  removeVirtualMachineFromBackupOffering: 'Remove backup offering',
  restoreBackup: 'Restore',
  restoreVolumeFromBackupAndAttachToVM: 'Volume restore',
  deleteBackup: 'Delete backup',
  createVMFromBackup: 'New VM from backup',
  runBackupJob: 'Backup job run',
  listBackupFiles: 'List backup files',
  extractBackupFile: 'Extract backup file',
  retryBackupJob: 'Backup job retry',
  reconnectHost: 'Reconnect host'
}

export const JOB_STATES = { 0: 'Pending', 1: 'Succeeded', 2: 'Failed' }

export function jobTitle(job) {
  return TITLES[job.cmd] ?? job.cmd
}

export function jobState(job) {
  return JOB_STATES[Number(job.jobstatus)] ?? String(job.jobstatus)
}

// The answer of a finished job as text: the failure's errortext, a displaytext, or what it made.
export function jobResultText(job) {
  const result = job.jobresult
  if (!result) return ''
  if (typeof result === 'string') return result
  if (result.errortext) return result.errortext
  if (result.displaytext) return result.displaytext
  if (result.backup) {
    const b = result.backup
    return `${b.type ?? ''} backup ${b.id} ${b.status ?? ''}`.replace(/\s+/g, ' ').trim()
  }
  if (result.virtualmachine) {
    const vm = result.virtualmachine
    return `VM ${vm.name ?? ''} ${vm.id} ${vm.state ?? ''}`.replace(/\s+/g, ' ').trim()
  }
  if (result.backupjobrun) {
    const run = result.backupjobrun
    return `Run ${run.id} of ${run.backupjobname ?? 'the backup job'} ${String(run.state ?? '').toLowerCase()}`.trim()
  }
  if (result.host) return `Host ${result.host.name} is ${result.host.state}`
  if (result.success !== undefined) return result.success ? 'Done' : 'Not done'
  return ''
}
