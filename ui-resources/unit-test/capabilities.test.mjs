import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Capabilities, roleName } from '../src/api/capabilities.js'
import { createLatestBackups } from '../src/model/latest-backup.js'
import { jobResultText, jobState, jobTitle } from '../src/model/jobs.js'

const caps = new Capabilities([
  { name: 'listBackups', isasync: false, params: [{ name: 'virtualmachineid' }], response: [{ name: 'bytesdone' }] },
  { name: 'createBackup', isasync: true, params: [] }
])

test('what the caller may do is what listApis answered', () => {
  assert.equal(caps.can('listBackups', 'createBackup'), true)
  assert.equal(caps.can('listHosts'), false)
  assert.equal(caps.accepts('listBackups', 'virtualmachineid'), true)
  assert.equal(caps.accepts('listBackups', 'status'), false)
  assert.equal(caps.answers('listBackups', 'bytesdone'), true)
  assert.equal(roleName(2), 'Domain admin')
})

test('the newest backup of a VM is read from the last page, trying the count seen before', async () => {
  const requests = []
  let backups = ['b1', 'b2', 'b3']
  const api = {
    call: async (command, params) => {
      requests.push(params.page)
      const item = backups[params.page - 1]
      return item ? { count: backups.length, backup: [{ id: item }] } : { count: backups.length }
    }
  }
  const latest = createLatestBackups(api)
  assert.deepEqual(await latest.forVms(['vm']), { vm: { id: 'b3' } })
  assert.deepEqual(requests, [1, 3])
  backups = [...backups, 'b4']
  requests.length = 0
  assert.deepEqual(await latest.forVms(['vm']), { vm: { id: 'b4' } })
  assert.deepEqual(requests, [3, 4])
})

test('a finished job reads as the server worded its result', () => {
  assert.equal(jobState({ jobstatus: 2 }), 'Failed')
  assert.equal(jobResultText({ jobresult: { errortext: 'VM x must be stopped' } }), 'VM x must be stopped')
  assert.equal(jobResultText({ jobresult: { success: true, displaytext: 'merged into b2' } }), 'merged into b2')
  assert.equal(jobResultText({ jobresult: { backup: { id: 'b1', type: 'Full', status: 'BackedUp' } } }), 'Full backup b1 BackedUp')
})

test('the offering assignment jobs (async as in CloudStack) read as what they do', () => {
  assert.equal(jobTitle({ cmd: 'assignVirtualMachineToBackupOffering' }), 'Assign backup offering')
  assert.equal(jobTitle({ cmd: 'removeVirtualMachineFromBackupOffering' }), 'Remove backup offering')
  assert.equal(jobResultText({ jobresult: { success: true } }), 'Done')
})
