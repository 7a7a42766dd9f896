import { test } from 'node:test'
import assert from 'node:assert/strict'
import { arrangeChains } from '../src/model/backup-chains.js'

const b = (id, more) => ({ id, status: 'BackedUp', created: `2026-12-07T00:00:${id.padStart(2, '0')}+0000`, ...more })

test('chains are drawn full first then incrementals by position, newest chain first', () => {
  const arranged = arrangeChains([
    b('1', { chainid: 'A', chainposition: 0, type: 'Full', size: 10 }),
    b('2', { chainid: 'A', chainposition: 1, type: 'Incremental', size: 2 }),
    b('3', { chainid: 'B', chainposition: 0, type: 'Full', size: 10 }),
    b('4', { chainid: 'A', chainposition: 2, type: 'Incremental', size: 3 })
  ])
  assert.deepEqual(arranged.chains.map((c) => c.id), ['A', 'B'])
  assert.deepEqual(arranged.chains[0].backups.map((x) => x.id), ['1', '2', '4'])
  assert.equal(arranged.chains[0].size, 15)
  assert.equal(arranged.chains[0].full.id, '1')
})

test('isolated backups stand apart and requests without a chain are listed apart', () => {
  const arranged = arrangeChains([
    b('1', { isolated: true, type: 'Full' }),
    b('2', { status: 'Queued', type: 'Full' }),
    b('3', { chainid: 'A', chainposition: 0, type: 'Full' })
  ])
  assert.deepEqual(arranged.isolated.map((x) => x.id), ['1'])
  assert.deepEqual(arranged.unplaced.map((x) => x.id), ['2'])
  assert.equal(arranged.chains.length, 1)
})

test('whether a chain is open is told only when the server says so', () => {
  assert.equal(arrangeChains([b('1', { chainid: 'A', chainposition: 0 })]).chains[0].open, null)
  assert.equal(arrangeChains([b('1', { chainid: 'A', chainposition: 0, chainopen: true })]).chains[0].open, true)
  assert.equal(arrangeChains([b('1', { chainid: 'A', chainposition: 0, chainopen: 'false' })]).chains[0].open, false)
})

test('a chain with a running backup is busy', () => {
  assert.equal(arrangeChains([b('1', { chainid: 'A', chainposition: 0, status: 'BackingUp' })]).chains[0].busy, true)
})
