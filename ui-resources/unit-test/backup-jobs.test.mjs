import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createJobParams, defaultJobForm, jobActions, jobFormError, jobToForm, runCounts, runRows, runSummary, updateJobParams }
  from '../src/model/backup-jobs.js'

const job = {
  id: 'j1', name: 'nightly', quiescevm: false, isolated: false, priority: 10, execution: 'SEQUENTIAL', keeplast: 3,
  virtualmachines: [{ id: 'v2', name: 'b' }, { id: 'v1', name: 'a' }]
}

test('a new job sends every field, its VMs in the order chosen, keeplast only when set', () => {
  const form = { ...defaultJobForm(), name: ' nightly ', virtualmachineids: ['v2', 'v1'] }
  assert.deepEqual(createJobParams(form),
    { name: 'nightly', virtualmachineids: 'v2,v1', quiescevm: false, isolated: false, priority: 0, execution: 'SEQUENTIAL' })
  assert.equal(createJobParams({ ...form, keeplast: 2 }).keeplast, 2)
})

test('an edit sends the job id and only what changed', () => {
  const form = jobToForm(job)
  assert.deepEqual(form.virtualmachineids, ['v2', 'v1'])
  assert.equal(updateJobParams(job, form), null)
  assert.deepEqual(updateJobParams(job, { ...form, priority: 20 }), { id: 'j1', priority: 20 })
  assert.deepEqual(updateJobParams(job, { ...form, virtualmachineids: ['v1', 'v2'] }), { id: 'j1', virtualmachineids: 'v1,v2' })
  assert.deepEqual(updateJobParams(job, { ...form, execution: 'PARALLEL', quiescevm: true }), { id: 'j1', quiescevm: true, execution: 'PARALLEL' })
})

test('the form is checked as the server checks it', () => {
  const good = { ...defaultJobForm(), name: 'n', virtualmachineids: ['v'] }
  assert.equal(jobFormError(good), null)
  assert.match(jobFormError({ ...good, name: ' ' }), /name/)
  assert.match(jobFormError({ ...good, virtualmachineids: [] }), /VM/)
  assert.match(jobFormError({ ...good, keeplast: 0 }), /at least 1/)
  assert.equal(jobFormError({ ...good, keeplast: '' }), null)
  assert.match(jobFormError({ ...good, priority: 100 }), /0 to 99/)
  assert.match(jobFormError({ ...good, priority: 60 }), /administrators/)
  assert.equal(jobFormError({ ...good, priority: 60 }, { admin: true }), null)
})

test('a run reads as its four sets', () => {
  const run = { state: 'RUNNING', outdated: [{ id: 'v3', name: 'c' }], ongoing: [{ id: 'v1', name: 'a', backupid: 'b1' }],
    updated: [], error: [{ id: 'v2', name: 'b', backupid: 'b2', error: 'busy' }] }
  assert.deepEqual(runRows(run).map((r) => [r.set, r.id]), [['outdated', 'v3'], ['ongoing', 'v1'], ['error', 'v2']])
  assert.deepEqual(runCounts(run), { outdated: 1, ongoing: 1, updated: 0, error: 1 })
  assert.equal(runSummary(run), 'running: 1 outdated, 1 ongoing, 1 error')
  assert.equal(runSummary({ state: 'FINISHED' }), 'finished')
  assert.equal(runSummary(null), 'never run')
  assert.deepEqual(runRows(null), [])
})

test('what may be done depends on the last run', () => {
  assert.deepEqual(jobActions({}), { run: true, retry: false, cancel: false, edit: true, remove: true })
  assert.deepEqual(jobActions({ lastrun: { state: 'RUNNING' } }), { run: false, retry: false, cancel: true, edit: true, remove: false })
  assert.equal(jobActions({ lastrun: { state: 'FINISHED', error: [{ id: 'v' }] } }).retry, true)
  assert.equal(jobActions({ lastrun: { state: 'FINISHED', error: [] } }).retry, false)
  assert.equal(jobActions({ lastrun: { state: 'CANCELLED', error: [{ id: 'v' }] } }).retry, false)
})

test('a run or retry job reads as the run it started', async () => {
  const { jobResultText, jobTitle } = await import('../src/model/jobs.js')
  assert.equal(jobTitle({ cmd: 'runBackupJob' }), 'Backup job run')
  assert.equal(jobResultText({ jobresult: { backupjobrun: { id: 'r1', backupjobname: 'nightly', state: 'RUNNING' } } }), 'Run r1 of nightly running')
})
