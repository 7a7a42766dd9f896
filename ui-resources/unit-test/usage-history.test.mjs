import { test } from 'node:test'
import assert from 'node:assert/strict'
import { accountSeries, backupCharts, downsample, storeCharts, windowParams } from '../src/model/usage-history.js'

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

test('few points are drawn as they are', () => {
  const points = [{ x: 1, y: 5 }, { x: 2, y: 7 }, { x: 3, y: 1 }]
  assert.equal(downsample(points, 1), points)
  assert.throws(() => downsample(points, 0), /buckets must be a positive integer/)
})

test('many points keep each slice\'s first, lowest, highest and last point in time order', () => {
  // 8,640 samples (90 days at 15 minutes): a slow ramp with one spike and one dip.
  const points = Array.from({ length: 8640 }, (_, i) => ({ x: i * 900_000, y: 1000 + i }))
  points[5000].y = 99_999
  points[7000].y = 3
  const thin = downsample(points, 400)
  assert.ok(thin.length <= 1600, `at most 4 per slice: ${thin.length}`)
  assert.ok(thin.length >= 800, `first and last of every slice at least: ${thin.length}`)
  for (let i = 1; i < thin.length; i++) assert.ok(thin[i].x > thin[i - 1].x, 'time order, no point twice')
  assert.ok(thin.every((p) => points.includes(p)), 'only real samples, nothing averaged or invented')
  assert.equal(thin[0], points[0])
  assert.equal(thin[thin.length - 1], points[points.length - 1], 'the line ends at the last sample')
  assert.ok(thin.includes(points[5000]) && thin.includes(points[7000]), 'the spike and the dip are drawn')
  assert.equal(Math.max(...thin.map((p) => p.y)), 99_999)
  assert.equal(Math.min(...thin.map((p) => p.y)), 3)
})

test('store charts thin each line for drawing and say how many samples there were', () => {
  const rows = Array.from({ length: 3000 }, (_, i) => ({ imagestoreid: 's', imagestorename: 'nfs', date: new Date(i * 900_000).toISOString(),
    disksizeused: i % 2 ? 10 : 20, disksizetotal: 100 }))
  const [chart] = storeCharts(rows, { buckets: 100 })
  assert.equal(chart.samples, 3000)
  assert.ok(chart.series[0].points.length <= 400 && chart.series[1].points.length <= 400)
  assert.deepEqual([...new Set(chart.series[0].points.map((p) => p.y))].sort(), [10, 20], 'both levels stay visible')
})
