import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  decodeBase64Text, detailsParams, editableDetails, encodeBase64Text, formFromDetails, formProblems
} from '../src/model/validation-details.js'

const EXPECTED = 'abc123  /kboss-check.bin\n'

test('the expected output is entered as text and stored as Base64 of its UTF-8 bytes', () => {
  assert.equal(encodeBase64Text(EXPECTED), Buffer.from(EXPECTED, 'utf8').toString('base64'))
  assert.equal(encodeBase64Text('grün'), Buffer.from('grün', 'utf8').toString('base64'))
  assert.equal(decodeBase64Text(Buffer.from('grün', 'utf8').toString('base64')), 'grün')
  assert.equal(decodeBase64Text('not base64!'), null)
  assert.equal(decodeBase64Text(Buffer.from([0xff, 0xfe]).toString('base64')), null, 'bytes that are not UTF-8 text')
})

test('users may change the command, its arguments and the expected output; admins also the timeouts', () => {
  assert.deepEqual([...editableDetails(false)], ['backupValidationCommand', 'backupValidationCommandArguments',
    'backupValidationCommandExpectedResult'])
  assert.equal(editableDetails(true).size, 6)
})

test('the VM details come into the form with the expected output decoded, as a map or as CloudStack\'s list', () => {
  const stored = Buffer.from(EXPECTED).toString('base64')
  const form = formFromDetails({ backupValidationCommand: '/bin/sha256sum', backupValidationCommandExpectedResult: stored })
  assert.equal(form.backupValidationCommand, '/bin/sha256sum')
  assert.equal(form.backupValidationCommandExpectedResult, EXPECTED)
  assert.equal(form.backupValidationBootTimeout, '')
  assert.equal(formFromDetails([{ key: 'backupValidationBootTimeout', value: 180 }]).backupValidationBootTimeout, '180')
  const binary = Buffer.from([0xff, 0x00]).toString('base64')
  const odd = formFromDetails({ backupValidationCommandExpectedResult: binary })
  assert.equal(odd.undecodable, true)
  assert.equal(odd.backupValidationCommandExpectedResult, binary, 'shown as stored')
})

test('a save sends every detail the caller may change, edited ones encoded, so the replacing map loses nothing', () => {
  const details = { other: 'kept', backupValidationBootTimeout: '180', backupValidationCommand: '/bin/true' }
  const form = { ...formFromDetails(details), backupValidationCommand: ' /bin/sha256sum ',
    backupValidationCommandExpectedResult: EXPECTED, backupValidationCommandArguments: '' }
  const asUser = detailsParams('vm-1', details, form, editableDetails(false))
  assert.deepEqual(asUser, {
    id: 'vm-1',
    'details[0].key': 'other', 'details[0].value': 'kept',
    'details[1].key': 'backupValidationCommand', 'details[1].value': '/bin/sha256sum',
    'details[2].key': 'backupValidationCommandExpectedResult', 'details[2].value': Buffer.from(EXPECTED).toString('base64')
  }, 'the boot timeout, read-only for users, is left to the server, which keeps it')
  const asAdmin = detailsParams('vm-1', details, { ...form, backupValidationBootTimeout: '' }, editableDetails(true))
  assert.equal(Object.values(asAdmin).includes('backupValidationBootTimeout'), false, 'an admin clears it by emptying it')
})

test('an expected output that is not text goes back as stored unless it was edited', () => {
  const binary = Buffer.from([0xff, 0x00]).toString('base64')
  const details = { backupValidationCommandExpectedResult: binary }
  const form = formFromDetails(details)
  assert.equal(detailsParams('v', details, form, editableDetails(false))['details[0].value'], binary)
  assert.equal(detailsParams('v', details, { ...form, backupValidationCommandExpectedResult: 'ok' }, editableDetails(false))['details[0].value'], 'b2s=')
})

test('emptying every detail the caller may change asks cleanupdetails, since an empty map changes nothing', () => {
  const details = { backupValidationCommand: '/bin/true', backupValidationBootTimeout: '180' }
  const form = { ...formFromDetails(details), backupValidationCommand: '' }
  assert.deepEqual(detailsParams('v', details, form, editableDetails(false)), { id: 'v', cleanupdetails: true })
})

test('timeouts must be whole seconds when given', () => {
  const editable = editableDetails(true)
  assert.deepEqual(formProblems({ backupValidationBootTimeout: '2.5', backupValidationCommandTimeout: '', backupValidationScreenshotWait: '0' }, editable),
    { backupValidationBootTimeout: 'whole seconds, 1 or more', backupValidationScreenshotWait: 'whole seconds, 1 or more' })
  assert.deepEqual(formProblems({ backupValidationBootTimeout: 'x' }, editableDetails(false)), {}, 'not checked when the caller cannot set it')
})
