import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  describeChainSize, describeCompression, describeValidation, newOffering, toCreateParams, visibleFields
} from '../src/offerings/offering-model.js'

function offering(changes) {
  return { ...newOffering(), name: 'gold', zoneid: 'z-1', ...changes }
}

test('a new offering shows no dependent field because it is public and neither compresses nor validates', () => {
  assert.deepEqual(visibleFields(newOffering()), { domain: false, compressionlibrary: false, validationsteps: false })
})

test('compression library is shown only while compress is on', () => {
  assert.equal(visibleFields(offering({ compress: true })).compressionlibrary, true)
  assert.equal(visibleFields(offering({ compress: false })).compressionlibrary, false)
})

test('validation steps are shown only while validate is on', () => {
  assert.equal(visibleFields(offering({ validate: true })).validationsteps, true)
  assert.equal(visibleFields(offering({ validate: false })).validationsteps, false)
})

test('domain is shown only when the offering is not public', () => {
  assert.equal(visibleFields(offering({ public: false })).domain, true)
  assert.equal(visibleFields(offering({ public: true })).domain, false)
})

test('a public offering without options sends the booleans and no hidden field', () => {
  assert.deepEqual(toCreateParams(offering({ description: '  ', domainid: 'd-1', compressionlibrary: 'zlib', validationsteps: ['screenshot'] })), {
    name: 'gold',
    zoneid: 'z-1',
    ispublic: true,
    allowuserdrivenbackups: true,
    compress: false,
    validate: false,
    allowextractfile: false,
    allowquickrestore: false
  })
})

test('a dedicated offering with every option sends every field in CloudStack form', () => {
  const params = toCreateParams(offering({
    name: ' silver ', description: 'nightly', public: false, domainid: 'd-1', compress: true, compressionlibrary: 'zlib',
    validate: true, validationsteps: ['wait_for_boot', 'screenshot'], allowextractfile: true, allowquickrestore: true,
    backupchainsize: 0
  }))
  assert.deepEqual(params, {
    name: 'silver',
    description: 'nightly',
    zoneid: 'z-1',
    ispublic: false,
    allowuserdrivenbackups: true,
    compress: true,
    validate: true,
    allowextractfile: true,
    allowquickrestore: true,
    domainid: 'd-1',
    compressionlibrary: 'zlib',
    validationsteps: 'wait_for_boot,screenshot',
    backupchainsize: 0
  })
})

test('validate without steps leaves the choice of steps to the server', () => {
  assert.equal('validationsteps' in toCreateParams(offering({ validate: true, validationsteps: [] })), false)
})

test('the list describes options the way the server reports them, strings or booleans', () => {
  assert.equal(describeCompression({ compress: 'true', compressionlibrary: 'zstd' }), 'zstd')
  assert.equal(describeCompression({ compress: false }), 'off')
  assert.equal(describeValidation({ validate: true, validationsteps: 'wait_for_boot,screenshot' }), 'wait_for_boot, screenshot')
  assert.equal(describeValidation({ validate: true, validationsteps: ['execute_command'] }), 'execute_command')
  assert.equal(describeValidation({ validate: false, validationsteps: 'screenshot' }), 'off')
  assert.equal(describeChainSize({ backupchainsize: 0 }), 'zone default')
  assert.equal(describeChainSize({ backupchainsize: 4 }), '4')
})
