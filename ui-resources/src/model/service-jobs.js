// The service jobs list (listBackupServiceJobs: compression and validation jobs): its filters as
// list-query filters. The server filters by type, host and backup, and by state only as `executing`
// (Running) and `scheduled` (waiting: Queued, or WaitingForRetry after a failed attempt, told apart in
// the browser); ended states (Succeeded, Failed, Cancelled) are asked of the server as neither
// executing nor scheduled and told apart in the browser.

import { formatBytes } from './format.js'

export const SERVICE_JOB_TYPES = ['Compression', 'Validation']
export const SERVICE_JOB_STATES = ['Queued', 'WaitingForRetry', 'Running', 'Succeeded', 'Failed', 'Cancelled']
const WAITING = ['Queued', 'WaitingForRetry']

export function serviceJobFilters({ type, state, hostid, backupid } = {}) {
  const filters = [
    { param: 'type', value: type, test: (j, v) => j.type === v },
    { param: 'hostid', value: hostid, test: (j, v) => j.hostid === v },
    { param: 'backupid', value: backupid, test: (j, v) => j.backupid === v }
  ]
  if (state === 'Running') filters.push({ param: 'executing', value: 'true', test: (j) => j.state === 'Running' })
  else if (WAITING.includes(state)) {
    filters.push({ param: 'scheduled', value: 'true', test: (j) => WAITING.includes(j.state) })
    filters.push({ param: null, value: state, test: (j, v) => j.state === v })
  }
  else if (state) {
    filters.push({ param: 'executing', value: 'false', test: (j) => j.state !== 'Running' })
    filters.push({ param: 'scheduled', value: 'false', test: (j) => !WAITING.includes(j.state) })
    filters.push({ param: null, value: state, test: (j, v) => j.state === v })
  }
  return filters
}

export function isLive(job) {
  return WAITING.includes(job.state) || job.state === 'Running' || job.executing === true || job.executing === 'true'
}

// A running job's progress as the server reports it (progress, progressdone/progresstotal, phase):
// bytes of a compression, steps of a validation. Null while it does not run or reported nothing.
export function jobProgress(job) {
  if (job.progresstotal === undefined || job.progresstotal === null) return null
  const done = Number(job.progressdone ?? 0)
  const total = Number(job.progresstotal)
  const amount = job.type === 'Validation'
    ? `step ${Math.min(done + 1, total)} of ${total}`
    : `${formatBytes(done)} of ${formatBytes(total)}`
  return { percent: Number(job.progress ?? 0), text: job.phase ? `${amount}: ${job.phase}` : amount }
}
