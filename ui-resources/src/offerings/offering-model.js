// The Create Backup Offering form's data, its show/hide rules and the request it becomes.
// Kept apart from the Vue component so the rules live in one place and are tested with `node --test`.
import { isTrue } from '../model/format.js'

export { isTrue }

export const COMPRESSION_LIBRARIES = ['zstd', 'zlib']
export const VALIDATION_STEPS = ['wait_for_boot', 'execute_command', 'screenshot']

export function newOffering() {
  return {
    name: '',
    description: '',
    zoneid: undefined,
    // KBOSS creates backups only for offerings that allow user-driven backups, hence on by default.
    allowuserdrivenbackups: true,
    public: true,
    domainid: undefined,
    compress: false,
    compressionlibrary: 'zstd',
    validate: false,
    validationsteps: [],
    allowextractfile: false,
    allowquickrestore: false,
    // Empty means "use the zone's backup.chain.size".
    backupchainsize: null
  }
}

// Which dependent fields the form shows for the current values.
export function visibleFields(offering) {
  return {
    domain: !offering.public,
    compressionlibrary: Boolean(offering.compress),
    validationsteps: Boolean(offering.validate)
  }
}

// The createBackupOffering parameters. Hidden fields are not sent, so a value chosen before a
// switch was turned off never reaches the server.
export function toCreateParams(offering) {
  const shown = visibleFields(offering)
  const params = {
    name: offering.name.trim(),
    description: offering.description.trim() || undefined,
    zoneid: offering.zoneid,
    // CloudStack has no ispublic on backup offerings (no domainid = public); kboss-server accepts it
    // so that "not public" without a domain is refused by the server too, not only by this form.
    ispublic: Boolean(offering.public),
    allowuserdrivenbackups: offering.allowuserdrivenbackups,
    compress: offering.compress,
    validate: offering.validate,
    allowextractfile: offering.allowextractfile,
    allowquickrestore: offering.allowquickrestore
  }
  if (shown.domain) params.domainid = offering.domainid
  if (shown.compressionlibrary) params.compressionlibrary = offering.compressionlibrary
  if (shown.validationsteps && offering.validationsteps.length > 0) {
    params.validationsteps = offering.validationsteps.join(',')
  }
  if (offering.backupchainsize !== null && offering.backupchainsize !== undefined && offering.backupchainsize !== '') {
    params.backupchainsize = offering.backupchainsize
  }
  for (const name of Object.keys(params)) if (params[name] === undefined) delete params[name]
  return params
}

// How an offering's options read in the list.
export function describeCompression(offering) {
  return isTrue(offering.compress) ? offering.compressionlibrary || 'on' : 'off'
}

export function describeValidation(offering) {
  if (!isTrue(offering.validate)) return 'off'
  const steps = Array.isArray(offering.validationsteps)
    ? offering.validationsteps
    : String(offering.validationsteps || '').split(',').filter(Boolean)
  return steps.length > 0 ? steps.join(', ') : 'on'
}

export function describeChainSize(offering) {
  const size = offering.backupchainsize
  return size === undefined || size === null || Number(size) === 0 ? 'zone default' : String(size)
}

