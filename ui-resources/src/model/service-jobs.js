// The service jobs list (listBackupServiceJobs: compression and validation jobs): its filters as
// list-query filters. The server filters by type, host and backup, and by state only as `executing`
// (Running) and `scheduled` (waiting: Queued); ended states (Succeeded, Failed, Cancelled) are asked
// of the server as neither executing nor scheduled and told apart in the browser.

export const SERVICE_JOB_TYPES = ['Compression', 'Validation']
export const SERVICE_JOB_STATES = ['Queued', 'Running', 'Succeeded', 'Failed', 'Cancelled']

export function serviceJobFilters({ type, state, hostid, backupid } = {}) {
  const filters = [
    { param: 'type', value: type, test: (j, v) => j.type === v },
    { param: 'hostid', value: hostid, test: (j, v) => j.hostid === v },
    { param: 'backupid', value: backupid, test: (j, v) => j.backupid === v }
  ]
  if (state === 'Running') filters.push({ param: 'executing', value: 'true', test: (j) => j.state === 'Running' })
  else if (state === 'Queued') filters.push({ param: 'scheduled', value: 'true', test: (j) => j.state === 'Queued' })
  else if (state) {
    filters.push({ param: 'executing', value: 'false', test: (j) => j.state !== 'Running' })
    filters.push({ param: 'scheduled', value: 'false', test: (j) => j.state !== 'Queued' })
    filters.push({ param: null, value: state, test: (j, v) => j.state === v })
  }
  return filters
}

export function isLive(job) {
  return job.state === 'Queued' || job.state === 'Running' || job.executing === true || job.executing === 'true'
}
