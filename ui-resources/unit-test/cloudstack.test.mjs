import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ApiError, createApiClient, listCount, listItems } from '../src/api/cloudstack.js'

function memoryStorage() {
  const items = new Map()
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, v), removeItem: (k) => items.delete(k) }
}

// Records each request and answers from a queue of [status, body] pairs.
function fakeServer(...answers) {
  const requests = []
  const fetchImpl = async (url, init) => {
    requests.push({ url, init, params: Object.fromEntries(new URLSearchParams(init.body.toString())) })
    const [status, body] = answers.shift()
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status })
  }
  return { requests, fetchImpl }
}

test('login posts the credentials as a form and every later call carries the sessionkey', async () => {
  const server = fakeServer(
    [200, { loginresponse: { sessionkey: 'key-1', username: 'admin', account: 'admin', type: '1' } }],
    [200, { listzonesresponse: { count: 0 } }]
  )
  const api = createApiClient({ endpoint: '/client/api', fetchImpl: server.fetchImpl, storage: memoryStorage() })
  await api.login({ username: 'admin', password: 's3cret', domain: '' })
  await api.call('listZones')

  const [login, list] = server.requests
  assert.equal(login.url, '/client/api')
  assert.equal(login.init.method, 'POST')
  assert.deepEqual(login.params, { command: 'login', response: 'json', username: 'admin', password: 's3cret' })
  assert.deepEqual(list.params, { command: 'listZones', response: 'json', sessionkey: 'key-1' })
  assert.equal(api.session.sessionkey, 'key-1')
})

test('the server error text reaches the caller unchanged with its codes', async () => {
  const errortext = 'Parameter compressionlibrary is allowed only when compress is true'
  const server = fakeServer([431, { createbackupofferingresponse: { errorcode: 431, cserrorcode: 4350, errortext } }])
  const api = createApiClient({ fetchImpl: server.fetchImpl, storage: memoryStorage() })

  await assert.rejects(api.call('createBackupOffering', { name: 'x' }), (e) => {
    assert.ok(e instanceof ApiError)
    assert.equal(e.message, errortext)
    assert.equal(e.errorcode, 431)
    assert.equal(e.cserrorcode, 4350)
    return true
  })
})

test('an answer that is not JSON becomes an error that names the command and the status', async () => {
  const api = createApiClient({ fetchImpl: fakeServer([502, '<html>Bad gateway</html>']).fetchImpl, storage: memoryStorage() })
  await assert.rejects(api.call('listZones'), /listZones .*HTTP 502/)
})

test('logout forgets the session even when the server refuses the call', async () => {
  const storage = memoryStorage()
  const server = fakeServer(
    [200, { loginresponse: { sessionkey: 'key-2', username: 'u' } }],
    [401, { logoutresponse: { errorcode: 401, errortext: 'session expired' } }]
  )
  const api = createApiClient({ fetchImpl: server.fetchImpl, storage })
  await api.login({ username: 'u', password: 'p' })
  await assert.rejects(api.logout(), /session expired/)
  assert.equal(api.session, null)
  assert.equal(createApiClient({ fetchImpl: server.fetchImpl, storage }).session, null)
})

test('empty and undefined parameters are not sent and lists are joined with commas', async () => {
  const server = fakeServer([200, { createbackupofferingresponse: { backupoffering: {} } }])
  const api = createApiClient({ fetchImpl: server.fetchImpl, storage: memoryStorage() })
  await api.call('createBackupOffering', { name: 'a', description: '', domainid: undefined, validationsteps: ['a', 'b'], compress: false })
  assert.deepEqual(server.requests[0].params, {
    command: 'createBackupOffering', response: 'json', name: 'a', validationsteps: 'a,b', compress: 'false'
  })
})

test('a 401 to a logged-in call forgets the session and tells the page once', async () => {
  const storage = memoryStorage()
  const server = fakeServer(
    [200, { loginresponse: { sessionkey: 'key-3', username: 'u' } }],
    [401, { listzonesresponse: { errorcode: 401, errortext: 'session expired' } }]
  )
  const lost = []
  const api = createApiClient({ fetchImpl: server.fetchImpl, storage, onSessionLost: (e) => lost.push(e.message) })
  await api.login({ username: 'u', password: 'p' })
  await assert.rejects(api.call('listZones'), /session expired/)
  assert.deepEqual(lost, ['session expired'])
  assert.equal(api.session, null)
  assert.equal(storage.getItem('kboss.session'), null)
})

test('an empty list answered as {} has no items and count 0, as one with count 0 does', () => {
  assert.deepEqual(listItems({}, 'zone'), [])
  assert.equal(listCount({}, 'zone'), 0)
  assert.equal(listCount({ count: 0, zone: [] }, 'zone'), 0)
  assert.equal(listCount({ count: 3, zone: [{}] }, 'zone'), 3)
})
