import { test } from 'node:test'
import assert from 'node:assert/strict'
import { computed, nextTick, ref, watch } from 'vue'
import { watchValue } from '../src/composables/watchValue.js'

// A page polls its VM: each refresh is a new object, mostly equal to the last one.
test('a fresh but equal object from a poll does not call back; a changed value does, once', async () => {
  const vm = ref({ id: 'vm1', state: 'Running' })
  const params = computed(() => ({ virtualmachineid: vm.value.id }))
  const seen = []
  watchValue(params, (now, before) => seen.push([now, before]))

  vm.value = { id: 'vm1', state: 'Running' }
  await nextTick()
  vm.value = { id: 'vm1', state: 'BackingUp' }
  await nextTick()
  assert.deepEqual(seen, [], 'the same VM read again twice: no callback')

  vm.value = { id: 'vm2', state: 'Running' }
  await nextTick()
  assert.deepEqual(seen, [[{ virtualmachineid: 'vm2' }, { virtualmachineid: 'vm1' }]])
})

test('the mistake it avoids: a plain watch of a getter building an array calls back at every poll', async () => {
  const backup = ref({ id: 'b1', status: 'BackedUp', size: 10 })
  let plain = 0
  let byValue = 0
  watch(() => [backup.value.id, backup.value.status], () => plain++)
  watchValue(() => [backup.value.id, backup.value.status], () => byValue++)
  for (let i = 0; i < 3; i++) {
    backup.value = { id: 'b1', status: 'BackedUp', size: 10 + i }
    await nextTick()
  }
  assert.equal(plain, 3, 'a new array each time: Vue sees a change at each refresh')
  assert.equal(byValue, 0)
  backup.value = { id: 'b1', status: 'Restoring', size: 12 }
  await nextTick()
  assert.equal(byValue, 1)
})

test('filters\' test functions are not compared, their values are; immediate calls back at once', async () => {
  const keyword = ref('')
  const filters = computed(() => [{ param: 'keyword', value: keyword.value, test: (s, v) => s.includes(v) }])
  const seen = []
  watchValue(() => [filters.value], ([[f]]) => seen.push(f.value), { immediate: true })
  assert.deepEqual(seen, [''])
  keyword.value = 'ab'
  await nextTick()
  assert.deepEqual(seen, ['', 'ab'])
})
