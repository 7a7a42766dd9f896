// The operator's pages: zones (add, open, delete), the zone's image stores with used/total,
// clusters (add) and hosts (state, last contact, reconnect), and settings at every scope — global,
// zone, cluster, account — edited with inputs of their type, refused in the browser when the type is
// wrong, refused by the server with its own words when the value is out of its range, and reset.
// Every change is checked through the API.
//
// Environment (besides lib/harness.mjs's): KBOSS_UI_USERNAME / KBOSS_UI_PASSWORD (the root admin),
// KBOSS_UI_ZONE (the lab zone's name), KBOSS_UI_ACCOUNT (an account to set a setting for).
import { scenario, env } from './lib/harness.mjs'
import { choose, dialog, dialogClosed, field, logIn } from './lib/widgets.mjs'

const user = env('KBOSS_UI_USERNAME')
const password = env('KBOSS_UI_PASSWORD')
const zoneName = env('KBOSS_UI_ZONE')
const accountName = env('KBOSS_UI_ACCOUNT')
const RUN = Date.now().toString(36)

await scenario('admin', 300_000, async (t) => {
  const { page, check } = t
  const api = await t.api(user, password)
  const setting = async (name, scope = {}) => (await api.call('listConfigurations', { name, ...scope })).configuration[0].value
  const row = (name) => page.locator('tr').filter({ has: page.locator(`[data-test="setting-${name}"]`) })

  async function setValue(name, value) {
    const input = row(name).locator('input[data-test=setting-input], [data-test=setting-input] input').first()
    await input.fill(value)
  }
  async function save(name) {
    await row(name).locator('[data-test=setting-save]').click()
    await row(name).locator('[data-test=setting-saved]').waitFor()
  }
  async function reset(name) {
    await row(name).locator('[data-test=setting-reset]').click()
    await dialog(page).locator('[data-test=confirm-ok]').click()
    await dialogClosed(page)
    await row(name).locator('[data-test=setting-saved]', { hasText: 'Reset' }).waitFor()
  }
  async function search(name) {
    await field(page, 'settings-search').fill(name)
    await field(page, 'settings-search').press('Enter')
    await row(name).waitFor()
  }

  await logIn(page, user, password)

  // Zones: add one through the form, see it listed by the API, delete it.
  await page.locator('[data-test=menu-zones]').click()
  await page.locator('[data-test=zone-table] [data-test=zone-link]').first().waitFor()
  await page.locator('[data-test=add-zone]').click()
  await field(dialog(page), 'zone-name').fill(`ui-extra-${RUN}`)
  await field(dialog(page), 'zone-description').fill('added by the browser test')
  await dialog(page).locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  await page.locator('[data-test=zone-link]', { hasText: `ui-extra-${RUN}` }).waitFor()
  check(((await api.call('listZones', { name: `ui-extra-${RUN}` })).zone ?? []).length === 1, 'the API lists the zone added through the form')
  await t.shot('zones')
  await page.locator('tr', { hasText: `ui-extra-${RUN}` }).locator('[data-test=delete-zone]').click()
  await dialog(page).locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  await page.locator('[data-test=zone-link]', { hasText: `ui-extra-${RUN}` }).waitFor({ state: 'detached' })
  check(((await api.call('listZones', { name: `ui-extra-${RUN}` })).zone ?? []).length === 0, 'the API no longer lists the deleted zone')

  // The lab zone: image stores with used/total, clusters, hosts.
  await page.locator('[data-test=zone-link]', { hasText: zoneName }).click()
  await page.locator('[data-test=imagestore-table] tbody tr.ant-table-row').first().waitFor()
  const [store] = (await api.call('listImageStores', { zoneid: (await api.call('listZones', { name: zoneName })).zone[0].id })).imagestore
  if (store.disksizetotal) {
    await page.locator('[data-test=imagestore-table] [data-test=usage]').waitFor()
    check(true, 'the store shows its used and total space as a bar')
  } else {
    check(await page.locator('[data-test=imagestore-table] [data-test=usage-unknown]').textContent() === 'no data yet',
      'the server reports no used/total for the store yet: the page says "no data yet"')
  }
  await t.shot('zone-image-stores')
  await page.locator('[role=tab]', { hasText: 'Clusters' }).click()
  await page.locator('[data-test=add-cluster]').click()
  await field(dialog(page), 'cluster-name').fill(`ui-cluster-${RUN}`)
  await dialog(page).locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
  await page.locator('[data-test=cluster-table] tbody tr.ant-table-row', { hasText: `ui-cluster-${RUN}` }).waitFor()
  const [cluster] = (await api.call('listClusters')).cluster.filter((c) => c.name === `ui-cluster-${RUN}`)
  check(Boolean(cluster), 'the API lists the cluster added in the zone')
  await page.locator('[role=tab]', { hasText: 'Hosts' }).click()
  const hostRow = page.locator('[data-test=host-table] tbody tr.ant-table-row').first()
  await hostRow.waitFor()
  // A contact within the last 5 s reads "just now" (formatAgo), older ones "... ago".
  const lastContact = (await hostRow.locator('[data-test=last-contact]').textContent()).trim()
  check(await hostRow.locator('[data-status=Up]').count() === 1 && /(ago|just now)$/.test(lastContact),
    `the host is Up and its last contact is shown: ${lastContact}`)
  await hostRow.locator('[data-test=reconnect-host]').click()
  await page.locator('[data-test=action-result]', { hasText: 'finished' }).waitFor({ timeout: 60_000 })
  const [host] = (await api.call('listHosts')).host
  check(host.state === 'Up', `reconnect finished and the API lists the host Up (last contact ${host.lastpinged})`)
  await t.shot('zone-hosts')

  // Zone scope: backup.chain.size for this zone only.
  const zoneId = (await api.call('listZones', { name: zoneName })).zone[0].id
  await page.locator('[role=tab]', { hasText: 'Settings' }).click()
  await search('backup.chain.size')
  await setValue('backup.chain.size', '5')
  await save('backup.chain.size')
  check(await setting('backup.chain.size', { zoneid: zoneId }) === '5' && await setting('backup.chain.size') === '8',
    'backup.chain.size saved at zone scope: 5 in the zone, still 8 globally')
  await t.shot('zone-settings')
  await reset('backup.chain.size')
  check(await setting('backup.chain.size', { zoneid: zoneId }) === '8', 'reset at zone scope: the zone reads the global 8 again')

  // Global scope: a wrong type is refused in the browser, a value out of range by the server.
  await page.locator('[data-test=menu-settings]').click()
  await search('backup.compression.retry.interval')
  await setValue('backup.compression.retry.interval', 'abc')
  await row('backup.compression.retry.interval').locator('[data-test=setting-invalid]').waitFor()
  check(await row('backup.compression.retry.interval').locator('[data-test=setting-save]').isDisabled(),
    'a word typed into an Integer setting is marked invalid and cannot be saved')
  await setValue('backup.compression.retry.interval', '1.5')
  check(await row('backup.compression.retry.interval').locator('[data-test=setting-save]').isDisabled(), '1.5 is not an Integer either')
  await t.shot('settings-invalid', { fullPage: false })
  await setValue('backup.compression.retry.interval', '30')
  await save('backup.compression.retry.interval')
  check(await setting('backup.compression.retry.interval') === '30', 'the API reads the global value saved: 30')
  await reset('backup.compression.retry.interval')
  check(await setting('backup.compression.retry.interval') === '60', 'reset globally: the default 60 applies again')

  await search('host.ping.timeout')
  await setValue('host.ping.timeout', '0')
  t.expectRefusals(1)
  const [answer] = await Promise.all([
    page.waitForResponse((r) => (r.request().postData() || '').includes('command=updateConfiguration')),
    row('host.ping.timeout').locator('[data-test=setting-save]').click()
  ])
  const errortext = (await answer.json()).updateconfigurationresponse.errortext
  await row('host.ping.timeout').locator('[data-test=setting-error]').waitFor()
  const shown = (await row('host.ping.timeout').locator('[data-test=setting-error] .ant-alert-message').textContent()).trim()
  check(answer.status() === 431 && shown === errortext, `the server's refusal is shown as it came: "${shown}"`)
  check(await setting('host.ping.timeout') === '3', 'the refused value changed nothing')

  // Cluster scope.
  await page.locator('[data-test=scope]').locator('label', { hasText: 'Cluster' }).click()
  await choose(page, 'scope-target', new RegExp(`^ui-cluster-${RUN}`))
  await search('backup.compression.coroutines')
  await setValue('backup.compression.coroutines', '2')
  await save('backup.compression.coroutines')
  check(await setting('backup.compression.coroutines', { clusterid: cluster.id }) === '2' && await setting('backup.compression.coroutines') === '1',
    'backup.compression.coroutines saved for the cluster only')
  await t.shot('settings-cluster')
  await reset('backup.compression.coroutines')
  check(await setting('backup.compression.coroutines', { clusterid: cluster.id }) === '1', 'reset at cluster scope')

  // Account scope, with a switch.
  const accountId = (await api.call('listAccounts', { name: accountName })).account[0].id
  await page.locator('[data-test=scope]').locator('label', { hasText: 'Account' }).click()
  await choose(page, 'scope-target', accountName)
  await search('backup.validation.task.enabled')
  await row('backup.validation.task.enabled').locator('[data-test=setting-input]').click()
  await save('backup.validation.task.enabled')
  check(await setting('backup.validation.task.enabled', { accountid: accountId }) === 'false' &&
    await setting('backup.validation.task.enabled') === 'true', `backup.validation.task.enabled turned off for ${accountName} only`)
  await t.shot('settings-account')
  await reset('backup.validation.task.enabled')
  check(await setting('backup.validation.task.enabled', { accountid: accountId }) === 'true', 'reset at account scope')

  await page.locator('[data-test=menu-imagestores]').click()
  await page.locator('[data-test=imagestore-table] tbody tr.ant-table-row').first().waitFor()
  await t.shot('image-stores')
  await page.locator('[data-test=menu-hosts]').click()
  await page.locator('[data-test=host-table] tbody tr.ant-table-row').first().waitFor()
  await t.shot('hosts')
  await page.locator('[data-test=menu-settings]').click()
  await page.locator('[data-test=settings-table] tbody tr.ant-table-row').first().waitFor()
  await t.shot('settings-global')
})
