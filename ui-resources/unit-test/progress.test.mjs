import { test } from 'node:test'
import assert from 'node:assert/strict'
import { addSample, estimate, sampleOf } from '../src/model/progress.js'

test('bytes sampled as a backup runs give the percent, the speed and the time left', () => {
  let samples = []
  samples = addSample(samples, sampleOf(0, { done: 0, total: 1000 }))
  samples = addSample(samples, sampleOf(1000, { done: 100, total: 1000 }))
  samples = addSample(samples, sampleOf(2000, { done: 200, total: 1000 }))
  const e = estimate(samples)
  assert.equal(e.percent, 20)
  assert.equal(e.bytesPerSecond, 100)
  assert.equal(e.etaMs, 8000)
})

test('no time left is told before the figures have moved', () => {
  const samples = addSample(addSample([], sampleOf(0, { done: 0, total: 1000 })), sampleOf(1000, { done: 0, total: 1000 }))
  assert.equal(estimate(samples).etaMs, null)
  assert.equal(estimate([]).percent, null)
})

test('a job that reports only a percent gets an estimate from the percent', () => {
  const samples = addSample(addSample([], sampleOf(0, { percent: 10 })), sampleOf(2000, { percent: 30 }))
  assert.equal(estimate(samples).etaMs, 7000)
})

test('the rate follows the recent window, not the average since the start', () => {
  let samples = []
  for (const [t, done] of [[0, 0], [10_000, 10], [40_000, 40], [41_000, 140]]) samples = addSample(samples, sampleOf(t, { done, total: 1000 }), 30_000)
  assert.deepEqual(samples.map((s) => s.t), [40_000, 41_000])
  assert.equal(estimate(samples).bytesPerSecond, 100)
})

test('no figures at all is no sample', () => {
  assert.equal(sampleOf(0, {}), null)
  assert.equal(sampleOf(0, { done: 5, total: 0 }), null)
})
