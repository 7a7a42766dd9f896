import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serviceJobFilters } from '../src/model/service-jobs.js'
import { Capabilities } from '../src/api/capabilities.js'
import { splitFilters } from '../src/model/list-query.js'

const server = new Capabilities([{ name: 'listBackupServiceJobs',
  params: ['id', 'backupid', 'hostid', 'zoneid', 'type', 'executing', 'scheduled', 'page', 'pagesize'].map((name) => ({ name })) }])

test('type, host and a running or waiting state are filtered by the server', () => {
  const split = splitFilters('listBackupServiceJobs', serviceJobFilters({ type: 'Validation', hostid: 'h1', state: 'Running' }), server)
  assert.deepEqual(split.params, { type: 'Validation', hostid: 'h1', executing: 'true' })
  assert.equal(split.inBrowser.length, 0)
  assert.deepEqual(splitFilters('listBackupServiceJobs', serviceJobFilters({ state: 'Queued' }), server).params, { scheduled: 'true' })
})

test('an ended state asks the server for ended jobs and tells Succeeded, Failed and Cancelled apart in the browser', () => {
  const split = splitFilters('listBackupServiceJobs', serviceJobFilters({ state: 'Failed' }), server)
  assert.deepEqual(split.params, { executing: 'false', scheduled: 'false' })
  assert.equal(split.inBrowser.length, 1)
  const [f] = split.inBrowser
  assert.deepEqual([{ state: 'Failed' }, { state: 'Succeeded' }].map((j) => f.test(j, f.value)), [true, false])
})

test('no filter sends nothing', () => {
  assert.deepEqual(splitFilters('listBackupServiceJobs', serviceJobFilters({}), server), { params: {}, inBrowser: [] })
})
