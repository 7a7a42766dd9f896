// A VM's validation settings: the six backupValidation* VM details (CloudStack's VM settings) as the
// Validation tab edits them, and the updateVirtualMachine request that saves them.
//
// updateVirtualMachine's `details` REPLACES the VM's details, so a save sends every detail the caller
// may change (also ones this form does not show) with the edited ones over them. A user may not name
// a detail listed in user.vm.readonly.details (the server keeps those as they are and refuses a map that
// names one); users cannot read that setting, so the form assumes its default, the three timeouts, and
// a server configured otherwise refuses with its own error text, which the tab shows.

export const VALIDATION_DETAILS = [
  { name: 'backupValidationCommand', label: 'Command', kind: 'text',
    meaning: 'Program the guest agent runs in the execute_command step (no shell); none: the step is skipped' },
  { name: 'backupValidationCommandArguments', label: 'Arguments', kind: 'text',
    meaning: 'Its arguments, separated by spaces; quote one with spaces in \'...\' or "..."' },
  { name: 'backupValidationCommandExpectedResult', label: 'Expected output', kind: 'base64',
    meaning: 'What the command must print; entered as text, stored Base64-encoded (UTF-8). Empty: exit code 0 is enough' },
  { name: 'backupValidationCommandTimeout', label: 'Command timeout', kind: 'seconds',
    meaning: 'Seconds the command may take (default backup.validation.script.default.timeout)' },
  { name: 'backupValidationScreenshotWait', label: 'Screenshot wait', kind: 'seconds',
    meaning: 'Seconds after boot before the screenshot (default backup.validation.screenshot.default.wait)' },
  { name: 'backupValidationBootTimeout', label: 'Boot timeout', kind: 'seconds',
    meaning: 'Seconds the boot may take (default backup.validation.boot.default.timeout)' }
]

// user.vm.readonly.details as the server ships it.
export const USER_READONLY_DETAILS = ['backupValidationCommandTimeout', 'backupValidationScreenshotWait', 'backupValidationBootTimeout']

// The details this caller may change: all for admins, all but the read-only ones for users.
export function editableDetails(isAdmin) {
  return new Set(VALIDATION_DETAILS.map((d) => d.name).filter((n) => isAdmin || !USER_READONLY_DETAILS.includes(n)))
}

export function encodeBase64Text(text) {
  let binary = ''
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary)
}

// The text a Base64 value stands for, or null when it is not Base64 of UTF-8 text.
export function decodeBase64Text(value) {
  try {
    const binary = atob(value)
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
  } catch {
    return null
  }
}

// listVirtualMachines' `details`: an object, or CloudStack's list of {key, value}.
export function detailsMap(details) {
  if (!details) return {}
  if (Array.isArray(details)) return Object.fromEntries(details.map((d) => [d.key ?? d.name, String(d.value ?? '')]))
  return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, String(v ?? '')]))
}

// The form's values: each detail as text, the expected result decoded. An expected result that is not
// Base64 of text is shown as it is stored and flagged, so it is sent back unchanged unless edited.
export function formFromDetails(details) {
  const map = detailsMap(details)
  const form = { undecodable: false }
  for (const d of VALIDATION_DETAILS) {
    const value = map[d.name] ?? ''
    if (d.kind === 'base64' && value !== '') {
      const text = decodeBase64Text(value)
      form[d.name] = text ?? value
      form.undecodable = text === null
    } else form[d.name] = value
  }
  return form
}

// Problems with the form, by detail name (the server checks again; this saves a round trip).
export function formProblems(form, editable) {
  const problems = {}
  for (const d of VALIDATION_DETAILS) {
    const value = String(form[d.name] ?? '').trim()
    if (!editable.has(d.name) || d.kind !== 'seconds' || value === '') continue
    if (!/^\d+$/.test(value) || Number(value) < 1) problems[d.name] = 'whole seconds, 1 or more'
  }
  return problems
}

// The updateVirtualMachine parameters that save `form` on a VM whose details are `details`: the
// details the caller may change (read-only ones are left out: the server keeps them), with each
// edited one set, or removed when emptied; cleanupdetails=true when nothing is left to send, since
// an empty map would change nothing.
export function detailsParams(vmId, details, form, editable, original = formFromDetails(details)) {
  const map = detailsMap(details)
  const readOnly = new Set(VALIDATION_DETAILS.map((d) => d.name).filter((n) => !editable.has(n)))
  const kept = Object.fromEntries(Object.entries(map).filter(([name]) => !readOnly.has(name)))
  for (const d of VALIDATION_DETAILS) {
    if (!editable.has(d.name)) continue
    const raw = String(form[d.name] ?? '')
    const value = d.kind === 'base64' ? raw : raw.trim()
    if (value.trim() === '') delete kept[d.name]
    else if (d.kind === 'base64') {
      // Unchanged text keeps the stored value (it may not be text at all).
      kept[d.name] = value === original[d.name] && map[d.name] !== undefined ? map[d.name] : encodeBase64Text(value)
    } else kept[d.name] = value
  }
  const params = { id: vmId }
  const entries = Object.entries(kept)
  if (entries.length === 0) params.cleanupdetails = true
  entries.forEach(([key, value], i) => {
    params[`details[${i}].key`] = key
    params[`details[${i}].value`] = value
  })
  return params
}
