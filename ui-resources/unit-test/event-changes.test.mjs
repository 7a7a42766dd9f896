import { test } from 'node:test'
import assert from 'node:assert/strict'
import { EVENT_CHANGES, MAX_IDS, eventCount, rangeCountParams, rangeParams, rangeRefusal, selectionParams } from '../src/model/event-changes.js'

test('the selected events go as one ids list, at most 500', () => {
  assert.deepEqual(selectionParams(['a', 'b']), { ids: 'a,b' })
  assert.equal(selectionParams([]), null)
  assert.throws(() => selectionParams(Array.from({ length: MAX_IDS + 1 }, (_, i) => `e${i}`)), /at most 500 events/)
})

test('a range needs a type or an end date, and a start date needs an end date', () => {
  assert.match(rangeRefusal({}), /type or an end date/)
  assert.match(rangeRefusal({ startdate: '2026-12-01' }), /type or an end date/)
  assert.match(rangeRefusal({ type: 'BACKUP.CREATE', startdate: '2026-12-01' }), /end date too/)
  assert.match(rangeRefusal({ startdate: '2026-12-07', enddate: '2026-12-01' }), /is after the end date/)
  assert.equal(rangeRefusal({ type: 'BACKUP.CREATE' }), null)
  assert.equal(rangeRefusal({ enddate: '2026-12-07' }), null)
  assert.throws(() => rangeParams({}), /type or an end date/)
})

test('a range is sent with only what was chosen, and counted with listEvents over everything the caller may see', () => {
  assert.deepEqual(rangeParams({ type: 'BACKUP.COMPRESS', startdate: undefined, enddate: '2026-12-07' }),
    { type: 'BACKUP.COMPRESS', enddate: '2026-12-07' })
  assert.deepEqual(rangeCountParams({ startdate: '2026-12-01', enddate: '2026-12-07' }),
    { startdate: '2026-12-01', enddate: '2026-12-07', listall: true, page: 1, pagesize: 1 })
})

test('the commands and the count in words', () => {
  assert.equal(EVENT_CHANGES.archive.command, 'archiveEvents')
  assert.equal(EVENT_CHANGES.delete.command, 'deleteEvents')
  assert.equal(eventCount(1), '1 event')
  assert.equal(eventCount(0), '0 events')
  assert.equal(eventCount(12), '12 events')
})
