// The one place where requests to the CloudStack-compatible API are built and answers unwrapped.
//
// Every call is a form-encoded POST to /client/api with response=json. After `login` the server
// has set the JSESSIONID cookie and handed back a sessionkey; CloudStack requires both on every
// later call (the key guards against cross-site requests that would carry the cookie alone).

export class ApiError extends Error {
  // `message` is the server's errortext exactly as it came, so the UI can show it unchanged.
  constructor(message, { command, errorcode, cserrorcode, status } = {}) {
    super(message)
    this.name = 'ApiError'
    this.command = command
    this.errorcode = errorcode
    this.cserrorcode = cserrorcode
    this.status = status
  }
}

const SESSION_STORAGE_KEY = 'kboss.session'

// `onSessionLost` is called when the server answers 401 to a logged-in call: the session ended on
// the server (expired, or logged out elsewhere), so the page must ask to log in again.
export function createApiClient({
  endpoint = 'api', fetchImpl = (...a) => fetch(...a), storage = sessionStorage, onSessionLost = () => {}
} = {}) {
  let session = readSession(storage)

  async function call(command, params = {}) {
    const body = new URLSearchParams()
    body.set('command', command)
    body.set('response', 'json')
    for (const [name, value] of Object.entries(params)) {
      if (value === undefined || value === null || value === '') continue
      body.set(name, Array.isArray(value) ? value.join(',') : String(value))
    }
    if (session && command !== 'login') body.set('sessionkey', session.sessionkey)

    let response
    try {
      response = await fetchImpl(endpoint, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        body
      })
    } catch (cause) {
      throw new ApiError(`Cannot reach the KBOSS server (${cause.message}); check that it is running.`, { command })
    }
    try {
      return await unwrap(command, response)
    } catch (e) {
      if (e.status === 401 && session && command !== 'login') {
        forget()
        onSessionLost(e)
      }
      throw e
    }
  }

  async function login({ username, password, domain }) {
    const answer = await call('login', { username, password, domain: domain || undefined })
    session = {
      sessionkey: answer.sessionkey,
      username: answer.username || username,
      account: answer.account,
      domainid: answer.domainid,
      type: answer.type
    }
    storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session))
    return session
  }

  async function logout() {
    try {
      if (session) await call('logout')
    } finally {
      forget()
    }
  }

  function forget() {
    session = null
    storage.removeItem(SESSION_STORAGE_KEY)
  }

  return {
    call,
    login,
    logout,
    forget,
    get session() {
      return session
    }
  }
}

async function unwrap(command, response) {
  const text = await response.text()
  let json
  try {
    json = JSON.parse(text)
  } catch {
    throw new ApiError(`The server answered ${command} with HTTP ${response.status} and a body that is not JSON.`, {
      command,
      status: response.status
    })
  }
  const key = `${command.toLowerCase()}response`
  // CloudStack names the envelope after the command; take the only key if a server differs.
  const payload = json[key] ?? Object.values(json)[0] ?? {}
  if (!response.ok || payload.errortext !== undefined) {
    throw new ApiError(payload.errortext ?? `${command} failed with HTTP ${response.status}.`, {
      command,
      errorcode: payload.errorcode ?? response.status,
      cserrorcode: payload.cserrorcode,
      status: response.status
    })
  }
  return payload
}

function readSession(storage) {
  try {
    const saved = storage.getItem(SESSION_STORAGE_KEY)
    return saved ? JSON.parse(saved) : null
  } catch {
    return null
  }
}

// A list answer carries `count` and one array named after the item type (zone, backupoffering, ...).
// An empty list may come as `{"count":0,"zone":[]}` or, as CloudStack answers it, as `{}`.
export function listItems(answer, itemName) {
  return Array.isArray(answer?.[itemName]) ? answer[itemName] : []
}

// The number of matching items before paging; 0 for CloudStack's empty answer `{}`.
export function listCount(answer, itemName) {
  const count = Number(answer?.count)
  return Number.isFinite(count) ? count : listItems(answer, itemName).length
}
