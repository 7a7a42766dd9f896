import { test } from 'node:test'
import assert from 'node:assert/strict'
import { jobProgress, serviceJobFilters } from '../src/model/service-jobs.js'
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

test('Queued and WaitingForRetry are both waiting jobs for the server and told apart in the browser', () => {
  const split = splitFilters('listBackupServiceJobs', serviceJobFilters({ state: 'WaitingForRetry' }), server)
  assert.deepEqual(split.params, { scheduled: 'true' })
  const f = split.inBrowser.find((x) => x.value === 'WaitingForRetry')
  assert.deepEqual([{ state: 'WaitingForRetry' }, { state: 'Queued' }].map((j) => f.test(j, f.value)), [true, false])
})

test('a running job shows the bytes of a compression or the step of a validation, with the phase', () => {
  assert.deepEqual(jobProgress({ type: 'Compression', progress: 30, progressdone: 300 * 1024 * 1024,
    progresstotal: 1000 * 1024 * 1024, phase: 'compressing vda' }).percent, 30)
  assert.match(jobProgress({ type: 'Compression', progress: 30, progressdone: 314572800, progresstotal: 1048576000,
    phase: 'compressing vda' }).text, /of .*: compressing vda$/)
  assert.deepEqual(jobProgress({ type: 'Validation', progress: 33, progressdone: 1, progresstotal: 3,
    phase: 'running the validation command' }), { percent: 33, text: 'step 2 of 3: running the validation command' })
  assert.equal(jobProgress({ type: 'Validation', state: 'WaitingForRetry' }), null)
})
