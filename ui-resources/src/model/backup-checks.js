// What a backup's compression and validation say, in words, for the backup's details and the chain
// picture (listBackups' compression* and validation* fields; docs/compression.md, docs/validation.md).
import { formatBytes } from './format.js'

export const COMPRESSION_RUNNING = new Set(['Compressing', 'FinalizingCompression'])
export const VALIDATION_RUNNING = new Set(['Validating'])

// { status, text }: "zstd: 4.31 MiB → 321 KiB (7 %)", "zstd: 42 %", the error, or null when the
// server says nothing about compression.
export function compressionSummary(b) {
  const status = b.compressionstatus
  if (!status) return null
  const library = b.compressionlibrary ? `${b.compressionlibrary}: ` : ''
  const before = Number(b.uncompressedsize)
  const after = Number(b.size)
  const sizes = Number.isFinite(before) && before > 0 && b.uncompressedsize !== undefined && b.uncompressedsize !== null
    ? `${formatBytes(before)} → ${formatBytes(after)}${Number.isFinite(after) ? ` (${Math.round((after / before) * 100)} %)` : ''}`
    : ''
  let text
  if (status === 'Compressing') text = `${library}${percent(b.compressionprogress) ?? 'starting'}`
  else if (status === 'FinalizingCompression') text = `${library}replacing the files`
  else if (status === 'Compressed') text = `${library}${sizes || formatBytes(after)}`
  else if (status === 'CompressionError') text = b.compressionerror || 'failed'
  else text = b.compressionlibrary ? `waiting (${b.compressionlibrary})` : ''
  return { status, text, running: COMPRESSION_RUNNING.has(status), percent: status === 'Compressing' ? numberOrNull(b.compressionprogress) : null }
}

// { status, reason, validated, checked, screenshot }, or null when the server says nothing.
export function validationSummary(b) {
  const status = b.validationstatus
  if (!status) return null
  return {
    status,
    reason: b.validationreason || '',
    validated: b.validated || null,
    checked: b.validationchecked || null,
    screenshot: b.validationscreenshot === true || b.validationscreenshot === 'true',
    running: VALIDATION_RUNNING.has(status)
  }
}

function numberOrNull(value) {
  const n = Number(value)
  return value === undefined || value === null || value === '' || !Number.isFinite(n) ? null : n
}

function percent(value) {
  const n = numberOrNull(value)
  return n === null ? null : `${Math.round(n)} %`
}
