// createVMFromBackup's form: its fields, what the caller may choose, and the request. The server
// names the new VM itself when no name is given (the original's name, -from-, the backup id's first
// 8 characters); hostid and destinationfolder are for root administrators only, so they are sent
// only when the caller may choose them and chose them.

export const NIC_POLICIES = [
  { value: 'KEEP', label: 'Keep the network interfaces with their MAC and IP addresses' },
  { value: 'NO_IP', label: 'Keep the interfaces with new MAC addresses (the guest gets new IPs by DHCP)' },
  { value: 'NO_NIC', label: 'No network interfaces' }
]

// The same rule the server applies to a libvirt domain name.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._+:-]{0,99}$/

export function defaultNewVmForm() {
  return { name: '', nics: 'KEEP', quickrestore: false, startvm: true, hostid: undefined, destinationfolder: '' }
}

// The name the server gives when none is typed, for the placeholder.
export function defaultVmName(backup, vmName) {
  return `${vmName || backup?.virtualmachinename || 'vm'}-from-${String(backup?.id ?? '').slice(0, 8)}`
}

// What is wrong with the form, in words, or null: checked before sending so a typo is caught at once.
export function newVmFormError(form) {
  const name = form.name.trim()
  if (name && !NAME.test(name)) {
    return "The name must be 1 to 100 letters, digits, '.', '_', '+', ':' or '-', starting with a letter or digit"
  }
  const folder = form.destinationfolder.trim()
  if (folder && (!folder.startsWith('/') || folder.split('/').includes('..'))) {
    return "The folder must be an absolute path without '..'"
  }
  return null
}

// The parameters of createVMFromBackup. `may` says which optional choices the caller has
// ({ place: root admin choosing host and folder, quick: the offering allows quick restore }).
export function newVmParams(backupId, form, may = {}) {
  const params = { backupid: backupId, nics: form.nics }
  const name = form.name.trim()
  if (name) params.name = name
  if (may.quick && form.quickrestore) params.quickrestore = true
  // Quick restore always starts the VM; otherwise say whether to start it.
  else params.startvm = Boolean(form.startvm)
  if (may.place && form.hostid) params.hostid = form.hostid
  if (may.place && form.destinationfolder.trim()) params.destinationfolder = form.destinationfolder.trim()
  return params
}

// The new VM a finished createVMFromBackup job answered, or null.
export function newVmOf(job) {
  const vm = job?.jobresult?.virtualmachine
  return vm?.id ? { id: vm.id, name: vm.name ?? vm.id, state: vm.state } : null
}
