// What the logged-in account may do, learned from the server: `listApis` answers only the commands
// the caller may call, with their parameters and answer fields. Every page, menu entry and button
// asks here first, so the UI never offers what the server would refuse, and a page that needs a
// parameter or field the server does not have yet (a filter, a progress figure) finds out here.
import { listItems } from './cloudstack.js'

export const ROLES = { 0: 'User', 1: 'Root admin', 2: 'Domain admin' }

export class Capabilities {
  constructor(apis = []) {
    this.commands = new Map()
    for (const api of apis) {
      this.commands.set(api.name, {
        isasync: api.isasync === true || api.isasync === 'true',
        params: new Set((api.params || []).map((p) => p.name)),
        response: new Set((api.response || []).map((r) => r.name))
      })
    }
  }

  // True when every named command may be called.
  can(...names) {
    return names.every((name) => this.commands.has(name))
  }

  // True when the command exists for this caller and takes the parameter.
  accepts(command, param) {
    return this.commands.get(command)?.params.has(param) ?? false
  }

  // True when the command's answer is declared to carry the field.
  answers(command, field) {
    return this.commands.get(command)?.response.has(field) ?? false
  }
}

export async function loadCapabilities(api) {
  return new Capabilities(listItems(await api.call('listApis'), 'api'))
}

export function roleName(accountType) {
  return ROLES[Number(accountType)] ?? 'User'
}
