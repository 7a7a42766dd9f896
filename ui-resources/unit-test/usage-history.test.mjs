import { test } from 'node:test'
import assert from 'node:assert/strict'
import { accountSeries, backupCharts, storeCharts, storeSampleBound, windowParams } from '../src/model/usage-history.js'

const ms = (iso) => Date.parse(iso)

test('store samples become one chart per store, by name, with used and total in time order and gaps kept', () => {
  const charts = storeCharts([
    { imagestoreid: 'b', imagestorename: 'second', date: '2026-03-01T10:15:00+0000', disksizeused: '20', disksizetotal: 100 },
    { imagestoreid: 'a', imagestorename: 'first', date: '2026-03-01T10:15:00+0000', disksizeused: 5 },
    { imagestoreid: 'b', imagestorename: 'second', date: '2026-03-01T10:00:00+0000', disksizeused: 10, disksizetotal: 100 },
    { imagestoreid: 'b', date: 'garbage', disksizeused: 1 }
  ])
  assert.deepEqual(charts.map((c) => c.name), ['first', 'second'])
  assert.deepEqual(charts[0].series[0].points, [{ x: ms('2026-03-01T10:15:00Z'), y: 5 }])
  assert.deepEqual(charts[0].series[1].points, [], 'no total known: no total line')
  assert.deepEqual(charts[1].series[0].points.map((p) => p.y), [10, 20])
  assert.deepEqual(charts[1].series[1].points.map((p) => p.y), [100, 100])
  assert.equal(charts[1].empty, false)
})

test('an account history is one series of its days at midnight UTC', () => {
  const [s] = accountSeries([{ date: '2026-03-02', size: 120 }, { date: '2026-03-01', size: '100' }, { date: 'x', size: 1 }])
  assert.deepEqual(s.points, [{ x: ms('2026-03-01T00:00:00Z'), y: 100 }, { x: ms('2026-03-02T00:00:00Z'), y: 120 }])
})

test('backups become size and duration charts oldest first, durations in ms, untaken and untimed ones left out', () => {
  const c = backupCharts([
    { date: '2026-03-02T10:00:00+0000', size: 20, virtualsize: 4096, duration: 5.5 },
    { date: '2026-03-01T10:00:00+0000', size: 100, virtualsize: 4096 },
    { size: 7 }
  ])
  assert.equal(c.count, 2)
  assert.deepEqual(c.size[0].points.map((p) => p.y), [100, 20])
  assert.deepEqual(c.size[1].points.map((p) => p.y), [4096, 4096])
  assert.equal(c.timed, 1)
  assert.deepEqual(c.duration[0].points, [{ x: ms('2026-03-02T10:00:00Z'), y: 5500 }])
  assert.equal(backupCharts([{ date: '2026-03-02T10:00:00+0000', duration: 250 }], { durationInSeconds: false }).duration[0].points[0].y, 250)
})

test('a window of days reads as UTC dates', () => {
  assert.deepEqual(windowParams(30, new Date('2026-03-31T23:00:00Z')), { startdate: '2026-03-01', enddate: '2026-03-31' })
})

test('the page asks for one time slice of 8 samples per 4 px of chart, within what the server takes', () => {
  assert.equal(storeSampleBound(1300), 325 * 8)
  assert.equal(storeSampleBound(390), 97 * 8, 'a phone')
  assert.equal(storeSampleBound(2), 8, 'at least one slice: the server refuses fewer than 8')
  assert.equal(storeSampleBound(1_000_000), 100_000, 'the server refuses more than 100,000')
  for (const unknown of [0, undefined, null, NaN, -5]) assert.equal(storeSampleBound(unknown), 400 * 8, `width ${unknown}`)
})

test('store charts draw what the server answered, every sample, in time order', () => {
  // The server thins (listImageStoreUsageHistory's maxsamples); the page draws its answer as it is.
  const rows = Array.from({ length: 3000 }, (_, i) => ({ imagestoreid: 's', imagestorename: 'nfs', date: new Date((2999 - i) * 900_000).toISOString(),
    disksizeused: i % 2 ? 10 : 20, disksizetotal: 100 }))
  const [chart] = storeCharts(rows)
  assert.equal(chart.series[0].points.length, 3000)
  assert.equal(chart.series[1].points.length, 3000)
  assert.ok(chart.series[0].points.every((p, i) => i === 0 || p.x > chart.series[0].points[i - 1].x), 'oldest first')
})
