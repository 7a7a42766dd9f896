// A setting's value as typed into the settings table, checked against the setting's type before it
// is sent (listConfigurations gives the type: Boolean, Integer, Long, Double or String, and
// allowedvalues for a String with a fixed set). The server checks again and its word is final.

const INT_MIN = -(2n ** 31n)
const INT_MAX = 2n ** 31n - 1n
const LONG_MIN = -(2n ** 63n)
const LONG_MAX = 2n ** 63n - 1n

// { ok: true, value } with the text to send, or { ok: false, error } saying what is allowed.
export function checkValue(setting, input) {
  const text = input === undefined || input === null ? '' : String(input).trim()
  const type = String(setting.type || 'String')
  switch (type) {
    case 'Boolean':
      return text === 'true' || text === 'false' ? { ok: true, value: text } : { ok: false, error: 'Choose true or false' }
    case 'Integer':
    case 'Long': {
      if (!/^[-+]?\d+$/.test(text)) return { ok: false, error: `${setting.name} is an ${type}: a whole number` }
      const n = BigInt(text)
      const [min, max] = type === 'Integer' ? [INT_MIN, INT_MAX] : [LONG_MIN, LONG_MAX]
      if (n < min || n > max) return { ok: false, error: `${setting.name} is an ${type}: between ${min} and ${max}` }
      return { ok: true, value: n.toString() }
    }
    case 'Double': {
      const n = Number(text)
      if (text === '' || !Number.isFinite(n)) return { ok: false, error: `${setting.name} is a number (e.g. 1.5)` }
      return { ok: true, value: text }
    }
    default: {
      const allowed = setting.allowedvalues
      if (Array.isArray(allowed) && allowed.length > 0 && !allowed.includes(text)) {
        return { ok: false, error: `${setting.name} takes one of ${allowed.join(', ')}` }
      }
      return { ok: true, value: text }
    }
  }
}

// The editor a setting gets: switch, whole number, number, choice or text.
export function editorKind(setting) {
  switch (String(setting.type)) {
    case 'Boolean': return 'switch'
    case 'Integer':
    case 'Long': return 'integer'
    case 'Double': return 'decimal'
    default: return Array.isArray(setting.allowedvalues) && setting.allowedvalues.length > 0 ? 'choice' : 'text'
  }
}

// The scopes a setting can be set at: always global, and its own scope when it is narrower.
export const SCOPES = [
  { key: 'global', label: 'Global', param: null },
  { key: 'zone', label: 'Zone', param: 'zoneid' },
  { key: 'cluster', label: 'Cluster', param: 'clusterid' },
  { key: 'account', label: 'Account', param: 'accountid' }
]
