import { test } from 'node:test'
import assert from 'node:assert/strict'
import { checkValue, editorKind } from '../src/model/setting-model.js'

const integer = { name: 'backup.chain.size', type: 'Integer' }

test('an Integer takes whole numbers within 32 bits and nothing else', () => {
  assert.deepEqual(checkValue(integer, ' 5 '), { ok: true, value: '5' })
  assert.equal(checkValue(integer, 'abc').ok, false)
  assert.equal(checkValue(integer, '1.5').ok, false)
  assert.equal(checkValue(integer, '2147483648').ok, false)
  assert.match(checkValue(integer, 'x').error, /backup.chain.size is an Integer/)
})

test('a Long takes 64-bit whole numbers, a Double any finite number', () => {
  assert.equal(checkValue({ name: 'n', type: 'Long' }, '9223372036854775807').ok, true)
  assert.equal(checkValue({ name: 'n', type: 'Long' }, '9223372036854775808').ok, false)
  assert.deepEqual(checkValue({ name: 'd', type: 'Double' }, '1.5'), { ok: true, value: '1.5' })
  assert.equal(checkValue({ name: 'd', type: 'Double' }, 'NaN').ok, false)
})

test('a Boolean is true or false; a String with allowed values is one of them', () => {
  assert.equal(checkValue({ name: 'b', type: 'Boolean' }, 'true').ok, true)
  assert.equal(checkValue({ name: 'b', type: 'Boolean' }, 'yes').ok, false)
  const plugin = { name: 'p', type: 'String', allowedvalues: ['kboss'] }
  assert.equal(checkValue(plugin, 'kboss').ok, true)
  assert.equal(checkValue(plugin, 'nas').ok, false)
})

test('each type gets its editor', () => {
  assert.equal(editorKind({ type: 'Boolean' }), 'switch')
  assert.equal(editorKind({ type: 'Integer' }), 'integer')
  assert.equal(editorKind({ type: 'Double' }), 'decimal')
  assert.equal(editorKind({ type: 'String', allowedvalues: ['a'] }), 'choice')
  assert.equal(editorKind({ type: 'String' }), 'text')
})
