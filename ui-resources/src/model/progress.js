// Progress of running work and an estimate of the time left, from figures sampled as the page polls.
//
// A sample is { t, done, total } (bytes) or { t, percent }. The rate is measured over the samples of
// the last `windowMs`, so an estimate follows the current speed rather than the average since the
// start; no estimate is given until the figures have moved at least once.

export function sampleOf(now, { done, total, percent } = {}) {
  const d = Number(done)
  const tot = Number(total)
  if (Number.isFinite(d) && Number.isFinite(tot) && tot > 0) {
    return { t: now, done: d, total: tot, percent: Math.min(100, (d * 100) / tot) }
  }
  const p = Number(percent)
  if (Number.isFinite(p)) return { t: now, percent: Math.max(0, Math.min(100, p)) }
  return null
}

// Adds a sample, keeping those within the window (and at least the one before it, to measure from).
export function addSample(samples, sample, windowMs = 30_000) {
  if (!sample) return samples
  const kept = samples.filter((s) => sample.t - s.t <= windowMs)
  if (kept.length === 0 && samples.length > 0) kept.push(samples[samples.length - 1])
  kept.push(sample)
  return kept
}

// { percent, done, total, etaMs, bytesPerSecond } from the samples; etaMs null until it can be told.
export function estimate(samples) {
  const last = samples[samples.length - 1]
  if (!last) return { percent: null, done: null, total: null, etaMs: null, bytesPerSecond: null }
  const first = samples[0]
  const result = { percent: last.percent, done: last.done ?? null, total: last.total ?? null, etaMs: null, bytesPerSecond: null }
  const elapsed = last.t - first.t
  if (elapsed <= 0) return result
  if (last.total !== undefined && first.done !== undefined && last.done > first.done) {
    const rate = (last.done - first.done) / elapsed
    result.bytesPerSecond = rate * 1000
    result.etaMs = Math.max(0, (last.total - last.done) / rate)
  } else if (last.percent > first.percent) {
    result.etaMs = Math.max(0, ((100 - last.percent) * elapsed) / (last.percent - first.percent))
  }
  return result
}
