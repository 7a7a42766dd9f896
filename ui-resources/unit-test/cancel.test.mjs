import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CANCELLABLE_COMMANDS, CANCEL_KINDS, backupCancelParams, backupIsLive, backupServiceJobCancelParams, cancelEffects, cancelKindOfCommand,
  cancelKindOfServiceJob, cancelParams, jobCancelParams, serviceJobCancelParams
} from '../src/model/cancel.js'

test('exactly one parameter names the work: job id first, then operation id, then VM', () => {
  assert.deepEqual(cancelParams({ jobid: 'j', id: 'o', virtualmachineid: 'v' }), { jobid: 'j' })
  assert.deepEqual(cancelParams({ id: 'o', virtualmachineid: 'v' }), { id: 'o' })
  assert.deepEqual(cancelParams({ virtualmachineid: 'v' }), { virtualmachineid: 'v' })
  assert.equal(cancelParams({}), null)
  assert.equal(cancelParams(), null)
})

test('a backup being taken, waiting, or restored from is live; a finished one is not', () => {
  for (const status of ['Allocated', 'Queued', 'BackingUp', 'Restoring']) assert.equal(backupIsLive({ status }), true, status)
  assert.equal(backupIsLive({ status: 'BackedUp', restorestatus: 'Queued' }), true)
  for (const status of ['BackedUp', 'Error', 'Expunged']) assert.equal(backupIsLive({ status }), false, status)
  assert.equal(backupIsLive(null), false)
})

test('a live backup is cancelled by the caller\'s running job on it, else by its VM', () => {
  const b = { id: 'b1', status: 'BackingUp', virtualmachineid: 'vm1' }
  const jobs = [
    { jobid: 'done', cmd: 'createBackup', jobinstanceid: 'b1', jobstatus: 1 },
    { jobid: 'other', cmd: 'createBackup', jobinstanceid: 'b2', jobstatus: 0 },
    { jobid: 'delete', cmd: 'deleteBackup', jobinstanceid: 'b1', jobstatus: 0 },
    { jobid: 'mine', cmd: 'createBackup', jobinstanceid: 'b1', jobstatus: '0' }
  ]
  assert.deepEqual(backupCancelParams(b, jobs), { jobid: 'mine' })
  assert.deepEqual(backupCancelParams(b, jobs.slice(0, 3)), { virtualmachineid: 'vm1' })
  assert.deepEqual(backupCancelParams(b), { virtualmachineid: 'vm1' })
  assert.equal(backupCancelParams({ ...b, status: 'BackedUp' }, jobs), null)
})

test('a service job is cancelled by its id while queued or running only', () => {
  assert.deepEqual(serviceJobCancelParams({ id: 's', state: 'Queued' }), { id: 's' })
  assert.deepEqual(serviceJobCancelParams({ id: 's', state: 'Running' }), { id: 's' })
  assert.deepEqual(serviceJobCancelParams({ id: 's', executing: 'true' }), { id: 's' })
  for (const state of ['Succeeded', 'Failed', 'Cancelled']) assert.equal(serviceJobCancelParams({ id: 's', state }), null)
})

test('only pending jobs of queue work are cancelled by job id', () => {
  assert.deepEqual(jobCancelParams({ jobid: 'j', cmd: 'restoreBackup', jobstatus: 0 }), { jobid: 'j' })
  assert.deepEqual(jobCancelParams({ jobid: 'j', cmd: 'createVMFromBackup', jobstatus: '0' }), { jobid: 'j' })
  assert.equal(jobCancelParams({ jobid: 'j', cmd: 'restoreBackup', jobstatus: 2 }), null)
  assert.equal(jobCancelParams({ jobid: 'j', cmd: 'stopVirtualMachine', jobstatus: 0 }), null)
  assert.equal(jobCancelParams(null), null)
})

test('a backup\'s compression or validation is cancelled by its service job id, by root admins only', () => {
  const b = { id: 'b1', compressionstatus: 'Compressing', servicejobid: 'op1', servicejobtype: 'Compression' }
  assert.deepEqual(backupServiceJobCancelParams(b, 'Compression', { rootAdmin: true }), { id: 'op1' })
  assert.equal(backupServiceJobCancelParams(b, 'Validation', { rootAdmin: true }), null, 'the job is a compression')
  assert.equal(backupServiceJobCancelParams(b, 'Compression', { rootAdmin: false }), null, 'a user or domain admin would be refused')
  assert.equal(backupServiceJobCancelParams(b, 'Compression'), null)
  assert.equal(backupServiceJobCancelParams({ ...b, servicejobid: undefined }, 'Compression', { rootAdmin: true }), null,
    'without the id (an older server) nothing is offered')
  assert.equal(backupServiceJobCancelParams(null, 'Compression', { rootAdmin: true }), null)
})

test('the cancel dialog says per kind what happens, and promises the VM keeps running only where a VM is involved', () => {
  for (const kind of CANCEL_KINDS) assert.ok(cancelEffects(kind).length >= 2, kind)
  const text = (kind) => cancelEffects(kind).join(' ')
  assert.match(text('backup'), /VM keeps running/)
  assert.match(text('backup'), /next backup is a full/)
  for (const kind of ['compression', 'validation']) {
    assert.doesNotMatch(text(kind), /VM keeps running/, `${kind}: service work holds no VM`)
    assert.match(text(kind), /No VM is touched/, kind)
  }
  assert.match(text('compression'), /stays Uncompressed/)
  assert.match(text('compression'), /not compressed again by itself/)
  assert.match(text('validation'), /UnableToValidate/)
  assert.match(text('validation'), /throwaway VM/)
  assert.match(text('validation'), /re-check .* leaves it Valid/)
  assert.match(text('restore'), /BackupError/, 'a cancelled restore may leave the disks half written')
  assert.doesNotMatch(text('restore'), /VM keeps running/)
  assert.match(text('backupjobrun'), /not retried/)
  assert.doesNotMatch(text('backupjobrun'), /waits in the queue it is dropped and never runs/, 'a run is not one queued operation')
  assert.throws(() => cancelEffects('delete'), /no cancel text for work of kind delete; kinds: backup, restore/)
})

test('each cancellable command and service job type has its kind, others none', () => {
  assert.equal(cancelKindOfCommand('createBackup'), 'backup')
  assert.equal(cancelKindOfCommand('restoreBackup'), 'restore')
  assert.equal(cancelKindOfCommand('restoreVolumeFromBackupAndAttachToVM'), 'volumerestore')
  assert.equal(cancelKindOfCommand('createVMFromBackup'), 'newvm')
  for (const cmd of CANCELLABLE_COMMANDS) assert.ok(CANCEL_KINDS.includes(cancelKindOfCommand(cmd)), cmd)
  assert.equal(cancelKindOfCommand('deleteBackup'), null)
  assert.equal(cancelKindOfServiceJob('Compression'), 'compression')
  assert.equal(cancelKindOfServiceJob('Validation'), 'validation')
  assert.equal(cancelKindOfServiceJob('Other'), null)
})
