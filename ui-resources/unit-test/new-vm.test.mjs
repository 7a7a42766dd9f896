import { test } from 'node:test'
import assert from 'node:assert/strict'
import { defaultNewVmForm, defaultVmName, newVmFormError, newVmOf, newVmParams } from '../src/model/new-vm.js'

test('the default form keeps the NICs and starts the VM, named by the server', () => {
  const params = newVmParams('b1', defaultNewVmForm())
  assert.deepEqual(params, { backupid: 'b1', nics: 'KEEP', startvm: true })
})

test('host and folder are sent only when the caller may choose them', () => {
  const form = { ...defaultNewVmForm(), name: ' copy-1 ', hostid: 'h1', destinationfolder: '/var/lib/new ' }
  assert.deepEqual(newVmParams('b1', form), { backupid: 'b1', nics: 'KEEP', name: 'copy-1', startvm: true })
  assert.deepEqual(newVmParams('b1', form, { place: true }),
    { backupid: 'b1', nics: 'KEEP', name: 'copy-1', startvm: true, hostid: 'h1', destinationfolder: '/var/lib/new' })
})

test('quick restore is sent only when the offering allows it, and then startvm is not', () => {
  const form = { ...defaultNewVmForm(), quickrestore: true, startvm: false, nics: 'NO_NIC' }
  assert.deepEqual(newVmParams('b1', form, { quick: true }), { backupid: 'b1', nics: 'NO_NIC', quickrestore: true })
  assert.deepEqual(newVmParams('b1', form, { quick: false }), { backupid: 'b1', nics: 'NO_NIC', startvm: false })
})

test('bad names and folders are caught before sending', () => {
  const form = defaultNewVmForm()
  assert.equal(newVmFormError(form), null)
  assert.equal(newVmFormError({ ...form, name: 'ok.name_1:2+3-4' }), null)
  assert.match(newVmFormError({ ...form, name: '-bad' }), /name/)
  assert.match(newVmFormError({ ...form, name: 'has space' }), /name/)
  assert.match(newVmFormError({ ...form, name: 'x'.repeat(101) }), /name/)
  assert.match(newVmFormError({ ...form, destinationfolder: 'relative' }), /absolute/)
  assert.match(newVmFormError({ ...form, destinationfolder: '/a/../b' }), /\.\./)
  assert.equal(newVmFormError({ ...form, destinationfolder: '/a/b..c' }), null)
})

test('the default name and the new VM of a finished job', () => {
  assert.equal(defaultVmName({ id: '0123456789ab' }, 'web'), 'web-from-01234567')
  assert.deepEqual(newVmOf({ jobresult: { virtualmachine: { id: 'v', name: 'n', state: 'Running' } } }), { id: 'v', name: 'n', state: 'Running' })
  assert.equal(newVmOf({ jobresult: { errortext: 'no' } }), null)
  assert.equal(newVmOf(null), null)
})

test('a finished new VM job reads as the VM it made', async () => {
  const { jobResultText, jobTitle } = await import('../src/model/jobs.js')
  assert.equal(jobTitle({ cmd: 'createVMFromBackup' }), 'New VM from backup')
  assert.equal(jobResultText({ jobresult: { virtualmachine: { id: 'v1', name: 'web-copy', state: 'Stopped' } } }), 'VM web-copy v1 Stopped')
})
