import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compressionSummary, validationSummary } from '../src/model/backup-checks.js'

test('a compressed backup reads its library and its size before and after', () => {
  const s = compressionSummary({ compressionstatus: 'Compressed', compressionlibrary: 'zstd', uncompressedsize: 4521984, size: 329216 })
  assert.equal(s.status, 'Compressed')
  assert.equal(s.text, 'zstd: 4.31 MiB → 322 KiB (7 %)')
  assert.equal(s.running, false)
})

test('a running compression reads its percent, then that it is replacing the files', () => {
  const s = compressionSummary({ compressionstatus: 'Compressing', compressionlibrary: 'zlib', compressionprogress: 41.6 })
  assert.equal(s.text, 'zlib: 42 %')
  assert.equal(s.percent, 41.6)
  assert.equal(s.running, true)
  assert.equal(compressionSummary({ compressionstatus: 'Compressing' }).text, 'starting')
  assert.equal(compressionSummary({ compressionstatus: 'FinalizingCompression', compressionlibrary: 'zstd' }).text, 'zstd: replacing the files')
})

test('a failed compression reads the server\'s reason; a backup without compression fields reads nothing', () => {
  assert.equal(compressionSummary({ compressionstatus: 'CompressionError', compressionerror: 'NOT_ENOUGH_SPACE: 1 MiB free' }).text,
    'NOT_ENOUGH_SPACE: 1 MiB free')
  assert.equal(compressionSummary({ compressionstatus: 'Uncompressed', compressionlibrary: 'zstd' }).text, 'waiting (zstd)')
  assert.equal(compressionSummary({ compressionstatus: 'Uncompressed' }).text, '')
  assert.equal(compressionSummary({}), null)
})

test('validation reads status, reason, when validated and checked, and whether there is a screenshot', () => {
  const v = validationSummary({ validationstatus: 'NotValid', validationreason: 'execute_command failed', validated: '2026-12-07T05:00:00+0000',
    validationscreenshot: 'true' })
  assert.deepEqual(v, { status: 'NotValid', reason: 'execute_command failed', validated: '2026-12-07T05:00:00+0000', checked: null,
    screenshot: true, running: false })
  assert.equal(validationSummary({ validationstatus: 'Validating' }).running, true)
  assert.equal(validationSummary({}), null)
})
