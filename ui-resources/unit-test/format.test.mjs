import { test } from 'node:test'
import assert from 'node:assert/strict'
import { formatAgo, formatBytes, formatDuration, formatSeconds, parseDate } from '../src/model/format.js'

test('sizes read in binary units with three significant figures', () => {
  assert.equal(formatBytes(0), '0 B')
  assert.equal(formatBytes(1376256), '1.31 MiB')
  assert.equal(formatBytes(67108864), '64.0 MiB')
  assert.equal(formatBytes(2147483648), '2.00 GiB')
  assert.equal(formatBytes(undefined), '—')
})

test('CloudStack dates with a +0000 offset are read as the instant they name', () => {
  assert.equal(parseDate('2026-12-07T00:56:12+0000').toISOString(), '2026-12-07T00:56:12.000Z')
  assert.equal(parseDate('2026-12-07T02:56:12+0200').toISOString(), '2026-12-07T00:56:12.000Z')
  assert.equal(parseDate('not a date'), null)
})

test('durations read in the largest units that matter', () => {
  assert.equal(formatDuration(850), '850 ms')
  assert.equal(formatDuration(4200), '4.2 s')
  assert.equal(formatDuration(185_000), '3 min 5 s')
  assert.equal(formatDuration(7_440_000), '2 h 4 min')
})

test('a job timed by second-precision timestamps says "under 1 s" rather than 0 ms', () => {
  assert.equal(formatSeconds(0), 'under 1 s')
  assert.equal(formatSeconds(2000), '2 s')
  assert.equal(formatSeconds(61_000), '1 min 1 s')
})

test('how long ago rounds to what a reader needs', () => {
  const now = Date.parse('2026-12-07T01:00:00Z')
  assert.equal(formatAgo('2026-12-07T00:59:58+0000', now), 'just now')
  assert.equal(formatAgo('2026-12-07T00:59:48+0000', now), '12 s ago')
  assert.equal(formatAgo('2026-12-07T00:57:00+0000', now), '3 min ago')
})
