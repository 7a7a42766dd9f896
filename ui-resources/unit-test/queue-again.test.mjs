import { test } from 'node:test'
import assert from 'node:assert/strict'
import { QUEUE_AGAIN, canQueueAgain, offersQueueAgain, queueAgainRefusal, queuedNotice } from '../src/model/queue-again.js'

const rootAdmin = { can: (...names) => names.every((n) => ['compressBackup', 'validateBackup'].includes(n)) }
const user = { can: () => false }
const backup = (fields) => ({ id: 'b1', status: 'BackedUp', compressionlibrary: 'zstd', ...fields })

test('a cancelled or failed compression is offered again to who may call compressBackup', () => {
  for (const compressionstatus of ['Uncompressed', 'CompressionError']) {
    assert.equal(queueAgainRefusal(backup({ compressionstatus }), 'Compression'), null, compressionstatus)
    assert.equal(canQueueAgain(backup({ compressionstatus }), 'Compression', rootAdmin), true)
    assert.equal(canQueueAgain(backup({ compressionstatus }), 'Compression', user), false)
  }
  assert.equal(QUEUE_AGAIN.Compression.command, 'compressBackup')
})

test('a compression is not offered again while one waits or runs, once done, or when none was ever queued', () => {
  assert.match(queueAgainRefusal(backup({ compressionstatus: 'Uncompressed', servicejobid: 'j', servicejobtype: 'Compression' }), 'Compression'),
    /already queued or running/)
  // A validation waiting on the backup does not stand in the way of its compression.
  assert.equal(queueAgainRefusal(backup({ compressionstatus: 'Uncompressed', servicejobid: 'j', servicejobtype: 'Validation' }), 'Compression'), null)
  assert.match(queueAgainRefusal(backup({ compressionstatus: 'Compressed' }), 'Compression'), /is Compressed; only Uncompressed or CompressionError/)
  assert.match(queueAgainRefusal(backup({ compressionstatus: 'Uncompressed', compressionlibrary: undefined }), 'Compression'), /does not compress/)
  assert.match(queueAgainRefusal(backup({}), 'Compression'), /does not ask for compression/)
  assert.match(queueAgainRefusal(backup({ status: 'Error', compressionstatus: 'CompressionError' }), 'Compression'), /is Error; only a BackedUp/)
  assert.equal(queueAgainRefusal(null, 'Compression'), 'The backup is gone.')
})

test('a validation is offered again after UnableToValidate, not over a verdict or beside any service job', () => {
  assert.equal(queueAgainRefusal(backup({ validationstatus: 'UnableToValidate' }), 'Validation'), null)
  assert.equal(queueAgainRefusal(backup({ validationstatus: 'NotValidated' }), 'Validation'), null)
  for (const validationstatus of ['Valid', 'NotValid', 'Validating']) {
    assert.match(queueAgainRefusal(backup({ validationstatus }), 'Validation'), new RegExp(`is ${validationstatus};`))
  }
  assert.match(queueAgainRefusal(backup({ validationstatus: 'UnableToValidate', servicejobid: 'j', servicejobtype: 'Compression' }), 'Validation'),
    /A compression job is already/)
  assert.equal(canQueueAgain(backup({ validationstatus: 'UnableToValidate' }), 'Validation', rootAdmin), true)
})

test('only the newest ended job of its backup and type offers queue again on the Service jobs page', () => {
  const cancelled = { id: 'old', backupid: 'b1', type: 'Compression', state: 'Cancelled' }
  const requeued = { id: 'new', backupid: 'b1', type: 'Compression', state: 'Queued' }
  const validation = { id: 'v', backupid: 'b1', type: 'Validation', state: 'Failed' }
  assert.equal(offersQueueAgain(cancelled, [cancelled, validation]), true)
  assert.equal(offersQueueAgain(validation, [cancelled, validation]), true)
  assert.equal(offersQueueAgain(cancelled, [requeued, cancelled]), false)
  for (const state of ['Queued', 'WaitingForRetry', 'Running', 'Succeeded']) {
    assert.equal(offersQueueAgain({ ...cancelled, state }, []), false, state)
  }
})

test('the notice names the backup and the new job by their short ids', () => {
  assert.equal(queuedNotice('Compression', 'abcdef12-3456', { id: '98765432-10' }), 'The compression of backup abcdef12 is queued again as job 98765432.')
  assert.equal(queuedNotice('Validation', 'abcdef12-3456', null), 'The validation of backup abcdef12 is queued again.')
})
