// "Queue again": compressBackup and validateBackup (root admins; plugins/backup/kboss/docs/compression.md and
// validation.md) queue a backup's compression or validation anew after it was cancelled or its last attempt
// failed. Nothing queues those again by itself, so the operator does it from the backup's details or from
// the ended job's row on the Service jobs page. The button is offered only when the backup's state lets the
// server accept it; the server still has the last word (another job may have been queued meanwhile) and its
// 431 text is shown as it is.

export const QUEUE_AGAIN = {
  Compression: {
    command: 'compressBackup',
    // A compression was queued once (it names its library) and ended without compressing the backup:
    // cancelled (the backup is Uncompressed again) or failed for good (CompressionError).
    statuses: ['Uncompressed', 'CompressionError'],
    status: (b) => b.compressionstatus,
    // Only a compression on the backup stands in the way; a validation may wait meanwhile.
    blockedBy: (b) => b.servicejobid && b.servicejobtype === 'Compression',
    effect: 'A new compression job is queued with the offering\'s library. Its attempts start from the first, ' +
      'and the backup\'s files are replaced only once the compressed copy is complete.'
  },
  Validation: {
    command: 'validateBackup',
    // Cancelled or failed validations leave UnableToValidate (NotValidated if it never ran). A verdict
    // (Valid, NotValid) is not asked again: the server re-hashes a Valid backup by itself, and a NotValid
    // one needs a new backup.
    statuses: ['UnableToValidate', 'NotValidated'],
    status: (b) => b.validationstatus,
    // The server refuses while a compression or validation is queued or running on the backup (a
    // compressed backup is validated once its compression ended).
    blockedBy: (b) => Boolean(b.servicejobid),
    effect: 'A new validation job is queued: a throwaway VM boots from the backup and runs the offering\'s ' +
      'steps. The backup is NotValidated until it ends.'
  }
}

export const QUEUE_AGAIN_TYPES = Object.keys(QUEUE_AGAIN)

// Why the backup's {type} cannot be queued again now, in words, or null when it can. `backup` is a
// listBackups row.
export function queueAgainRefusal(backup, type) {
  const rule = QUEUE_AGAIN[type]
  if (!rule) return `${type} jobs are not queued again.`
  if (!backup) return 'The backup is gone.'
  if (backup.status !== 'BackedUp') return `The backup is ${backup.status}; only a BackedUp backup is ${verb(type)}.`
  const status = rule.status(backup)
  if (!status) return `The backup's offering does not ask for ${type.toLowerCase()}.`
  if (type === 'Compression' && !backup.compressionlibrary) return 'No compression was ever queued for this backup: its offering does not compress.'
  if (rule.blockedBy(backup)) return `A ${backup.servicejobtype.toLowerCase()} job is already queued or running on the backup.`
  if (!rule.statuses.includes(status)) return `The backup is ${status}; only ${rule.statuses.join(' or ')} is ${verb(type)} again.`
  return null
}

// True when the caller may call the command and the backup's state allows it.
export function canQueueAgain(backup, type, capabilities) {
  const rule = QUEUE_AGAIN[type]
  return Boolean(rule) && capabilities.can(rule.command) && queueAgainRefusal(backup, type) === null
}

// A Service jobs row that ended without doing its work (Cancelled or Failed) is where an operator looks
// for "again"; a later job of the same backup and type among the rows shown means it was queued again
// already (rows are newest first), so only the newest ended job of its backup offers it.
export function offersQueueAgain(job, rows = []) {
  if (!job || !QUEUE_AGAIN[job.type] || !['Cancelled', 'Failed'].includes(job.state)) return false
  const newest = rows.find((r) => r.backupid === job.backupid && r.type === job.type)
  return !newest || newest.id === job.id
}

// The notice after it was queued: which backup, and the new job's id as the Service jobs page lists it.
export function queuedNotice(type, backupId, job) {
  return `The ${type.toLowerCase()} of backup ${String(backupId).slice(0, 8)} is queued again` + (job?.id ? ` as job ${String(job.id).slice(0, 8)}.` : '.')
}

function verb(type) {
  return type === 'Compression' ? 'compressed' : 'validated'
}
