// Backup jobs (docs/backup-jobs.md): a named, ordered set of VMs backed up with one policy, run on
// demand. The form's fields and requests (createBackupJob, updateBackupJob), and a run's VMs in
// OpenNebula's four sets (listBackupJobRuns, listBackupJobs' lastrun).

export const EXECUTIONS = [
  { value: 'SEQUENTIAL', label: 'Sequential: one VM at a time, in order' },
  { value: 'PARALLEL', label: 'Parallel: all queued at once, the queue\'s limits decide how many run' }
]
export const RUN_SETS = [
  { key: 'outdated', label: 'Outdated', meaning: 'not backed up in this run (yet)' },
  { key: 'ongoing', label: 'Ongoing', meaning: 'its backup is queued or running' },
  { key: 'updated', label: 'Updated', meaning: 'backed up in this run' },
  { key: 'error', label: 'Error', meaning: 'its backup failed or could not be asked for' }
]
// Priorities above this are for administrators only (the server refuses a user's with 432).
export const USER_MAX_PRIORITY = 50

export function defaultJobForm() {
  return { name: '', virtualmachineids: [], quiescevm: false, isolated: false, keeplast: null, priority: 0, execution: 'SEQUENTIAL' }
}

// The form for editing a job as listBackupJobs answers it.
export function jobToForm(job) {
  return {
    name: job.name ?? '',
    virtualmachineids: (job.virtualmachines ?? []).map((v) => v.id),
    quiescevm: job.quiescevm === true || job.quiescevm === 'true',
    isolated: job.isolated === true || job.isolated === 'true',
    keeplast: job.keeplast === undefined || job.keeplast === null ? null : Number(job.keeplast),
    priority: Number(job.priority ?? 0),
    execution: job.execution ?? 'SEQUENTIAL'
  }
}

// What is wrong with the form, in words, or null. `admin`: the caller may set a priority above 50.
export function jobFormError(form, { admin = false } = {}) {
  if (!form.name.trim()) return 'Give the job a name'
  if (form.name.trim().length > 255) return 'The name is at most 255 characters'
  if (form.virtualmachineids.length === 0) return 'Choose at least one VM'
  if (form.keeplast !== null && form.keeplast !== '' && !(Number.isInteger(Number(form.keeplast)) && Number(form.keeplast) >= 1)) {
    return 'Keep at least 1 backup of each VM, or leave it empty to keep all'
  }
  const priority = Number(form.priority)
  if (!Number.isInteger(priority) || priority < 0 || priority > 99) return 'The priority is a whole number from 0 to 99'
  if (!admin && priority > USER_MAX_PRIORITY) return `Only administrators may set a priority above ${USER_MAX_PRIORITY}`
  return null
}

function fields(form) {
  const params = {
    name: form.name.trim(),
    virtualmachineids: form.virtualmachineids.join(','),
    quiescevm: Boolean(form.quiescevm),
    isolated: Boolean(form.isolated),
    priority: Number(form.priority),
    execution: form.execution
  }
  if (form.keeplast !== null && form.keeplast !== '') params.keeplast = Number(form.keeplast)
  return params
}

// createBackupJob's parameters.
export function createJobParams(form) {
  return fields(form)
}

// updateBackupJob's parameters: the job's id and only the fields that changed (the VMs, in order, as a
// whole: virtualmachineids replaces them). Null when nothing changed.
export function updateJobParams(job, form) {
  const before = fields(jobToForm(job))
  const after = fields(form)
  const params = {}
  for (const [key, value] of Object.entries(after)) {
    if (before[key] !== value) params[key] = value
  }
  return Object.keys(params).length === 0 ? null : { id: job.id, ...params }
}

// A run's VMs as rows, in the order of the sets: { set, id, name, backupid, error }.
export function runRows(run) {
  return RUN_SETS.flatMap(({ key }) => (run?.[key] ?? []).map((vm) => ({ set: key, ...vm })))
}

// How many VMs each set holds, and the run in a few words ("2 updated, 1 error").
export function runCounts(run) {
  return Object.fromEntries(RUN_SETS.map(({ key }) => [key, (run?.[key] ?? []).length]))
}
export function runSummary(run) {
  if (!run) return 'never run'
  const counts = runCounts(run)
  const parts = RUN_SETS.filter(({ key }) => counts[key] > 0).map(({ key }) => `${counts[key]} ${key}`)
  return `${run.state.toLowerCase()}${parts.length ? `: ${parts.join(', ')}` : ''}`
}

// What the caller may do with a job now, given its last run: one run at a time; a retry backs up the
// last finished run's ERROR VMs again (a cancelled run is not retried); a job is deleted only between
// runs (its fields can be edited during one, except its VMs, which the server refuses with its reason).
export function jobActions(job) {
  const run = job?.lastrun
  const running = run?.state === 'RUNNING'
  return {
    run: !running,
    retry: run?.state === 'FINISHED' && (run.error ?? []).length > 0,
    cancel: running,
    edit: true,
    remove: !running
  }
}
