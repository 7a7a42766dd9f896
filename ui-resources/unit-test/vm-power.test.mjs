import { test } from 'node:test'
import assert from 'node:assert/strict'
import { powerAction, powerParams } from '../src/model/vm-power.js'

const all = () => true

test('a Running VM is stopped, a Stopped one started, a busy or unknown one neither', () => {
  assert.equal(powerAction({ state: 'Running' }, all).command, 'stopVirtualMachine')
  assert.equal(powerAction({ state: 'Running' }, all).label, 'Stop VM')
  assert.equal(powerAction({ state: 'Stopped' }, all).command, 'startVirtualMachine')
  assert.equal(powerAction({ state: 'Stopped' }, all).okText, 'Start')
  for (const state of ['BackingUp', 'Restoring', 'BackupError', 'Unknown', undefined]) {
    assert.equal(powerAction({ state }, all), null, state)
  }
  assert.equal(powerAction(null, all), null)
})

test('the button is there only when listApis offers the command', () => {
  const onlyStart = (c) => c === 'startVirtualMachine'
  assert.equal(powerAction({ state: 'Running' }, onlyStart), null)
  assert.equal(powerAction({ state: 'Stopped' }, onlyStart).command, 'startVirtualMachine')
})

test('a Stopping VM whose guest ignored the request is offered a forced stop', () => {
  const a = powerAction({ state: 'Stopping' }, all)
  assert.equal(a.command, 'stopVirtualMachine')
  assert.equal(a.forcedByDefault, true)
  assert.equal(powerAction({ state: 'Running' }, all).forcedByDefault, false)
})

test('forced is sent only for a forced stop', () => {
  const stop = powerAction({ state: 'Running' }, all)
  const start = powerAction({ state: 'Stopped' }, all)
  assert.deepEqual(powerParams(stop, 'v1', true), { id: 'v1', forced: 'true' })
  assert.deepEqual(powerParams(stop, 'v1', false), { id: 'v1' })
  assert.deepEqual(powerParams(start, 'v1', true), { id: 'v1' })
})
