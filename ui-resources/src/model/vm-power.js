// The power action the VM detail page offers for a VM as listVirtualMachines shows it: start a
// Stopped VM, stop a Running one (or a Stopping one whose guest ignores the shutdown request); none
// in the other states (a backup or restore holds the VM, or its state is Unknown). `can` is the
// caller's capabilities: a server that does not offer the command gets no button.

const STOP = 'stopVirtualMachine'
const START = 'startVirtualMachine'

export function powerAction(vm, can) {
  const command = vm?.state === 'Running' || vm?.state === 'Stopping' ? STOP : vm?.state === 'Stopped' ? START : null
  if (!command || !can(command)) {
    return null
  }
  const stop = command === STOP
  return {
    command,
    stop,
    label: stop ? 'Stop VM' : 'Start VM',
    title: stop ? 'Stop the VM' : 'Start the VM',
    okText: stop ? 'Stop' : 'Start',
    // A Stopping guest did not shut down when asked: the useful stop is the forced one.
    forcedByDefault: vm.state === 'Stopping'
  }
}

// The request's parameters: the VM's id, and for a stop whether it powers the VM off at once.
export function powerParams(action, vmId, forced) {
  return action.stop && forced ? { id: vmId, forced: 'true' } : { id: vmId }
}
