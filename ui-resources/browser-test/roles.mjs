// What each role is offered follows listApis: a user sees no infrastructure pages, cannot open them
// by address, sees only her own account's VMs and backups, and is not offered to create offerings;
// a domain admin sees no root-only page either; the root admin sees them all.
//
// Environment (besides lib/harness.mjs's): KBOSS_UI_USERNAME / KBOSS_UI_PASSWORD (a user),
// KBOSS_UI_OTHER_VM (a VM of another account) and KBOSS_UI_OTHER_VM_NAME, KBOSS_UI_DOMAIN_ADMIN /
// KBOSS_UI_DOMAIN_ADMIN_PASSWORD, KBOSS_UI_ADMIN / KBOSS_UI_ADMIN_PASSWORD.
import { scenario, env } from './lib/harness.mjs'
import { logIn, logOut } from './lib/widgets.mjs'

const user = env('KBOSS_UI_USERNAME')
const password = env('KBOSS_UI_PASSWORD')
const otherVm = env('KBOSS_UI_OTHER_VM')
const otherVmName = env('KBOSS_UI_OTHER_VM_NAME')
const ADMIN_PAGES = ['servicejobs', 'zones', 'imagestores', 'hosts', 'settings']
// The menu's pages, once the shell has learned from listApis what the account may open.
async function menu(page) {
  await page.locator('[data-test=menu] a[data-test=menu-vms]').waitFor()
  return page.locator('[data-test=menu] a[data-test^=menu-]').evaluateAll((links) => links.map((a) => a.dataset.test.slice(5)))
}

await scenario('roles', 180_000, async (t) => {
  const { page, check } = t

  // A user.
  const api = await t.api(user, password)
  await logIn(page, user, password)
  check((await page.locator('[data-test=current-role]').textContent()).trim() === 'User', 'the header names the role: User')
  const entries = await menu(page)
  check(JSON.stringify(entries) === JSON.stringify(['vms', 'backups', 'backupjobs', 'jobs', 'events', 'usage', 'offerings']),
    `a user's menu has her pages and no infrastructure: ${entries}`)
  await page.locator('[data-test=vm-table] tbody tr.ant-table-row').first().waitFor()
  const shown = await page.locator('[data-test=vm-link]').allTextContents()
  const hers = ((await api.call('listVirtualMachines')).virtualmachine ?? []).map((v) => v.name).sort()
  check(JSON.stringify(shown.slice().sort()) === JSON.stringify(hers) && !shown.includes(otherVmName),
    `the VM list shows exactly her account's VMs as the API lists them (${hers}), not ${otherVmName}`)
  await t.shot('user-vm-list')
  for (const name of ADMIN_PAGES) {
    await page.goto(`${t.url}#/${name}`)
    await page.locator('[data-test=not-allowed]').waitFor()
  }
  check(true, `opening ${ADMIN_PAGES.join(', ')} by address says they are not available to her account`)
  await t.shot('user-not-allowed')
  await page.goto(`${t.url}#/vms/${otherVm}`)
  await page.locator('[data-test=vm-missing]').waitFor()
  check(true, 'another account\'s VM by address shows "No such virtual machine"')
  await page.goto(`${t.url}#/backups`)
  await page.locator('[data-test=backup-table]').waitFor()
  await page.waitForFunction(() => !document.querySelector('[data-test=backup-table] .ant-spin-spinning'))
  const vmsOfBackups = await page.locator('[data-test=backup-table] tbody a').allTextContents()
  check(!vmsOfBackups.includes(otherVmName), `the backup list shows none of ${otherVmName}'s backups`)
  await page.goto(`${t.url}#/offerings`)
  await page.locator('[data-test=offering-table]').waitFor()
  check(await page.locator('[data-test=open-create]').count() === 0 && await page.locator('[data-test=delete-offering]').count() === 0,
    'a user is offered neither creating nor deleting backup offerings')
  await t.shot('user-offerings')
  await page.goto(`${t.url}#/usage`)
  await page.locator('[data-test=account-usage-chart], [data-test=no-account-usage]').first().waitFor()
  check(await page.locator('[data-test=store-usage]').count() === 0 && await page.locator('[data-test=usage-account]').count() === 0,
    'a user\'s Usage page shows her account\'s storage only: no image stores, no other account to pick')
  await t.shot('user-usage')
  await logOut(page)

  // A domain admin: the infrastructure commands are the root admin's.
  await logIn(page, env('KBOSS_UI_DOMAIN_ADMIN'), env('KBOSS_UI_DOMAIN_ADMIN_PASSWORD'))
  check((await page.locator('[data-test=current-role]').textContent()).trim() === 'Domain admin', 'the header names the role: Domain admin')
  const domainAdmin = await menu(page)
  check(!domainAdmin.some((p) => ADMIN_PAGES.includes(p)), `a domain admin's menu has no root-only page: ${domainAdmin}`)
  await page.goto(`${t.url}#/offerings`)
  await page.locator('[data-test=offering-table]').waitFor()
  check(await page.locator('[data-test=open-create]').count() === 0, 'a domain admin is not offered creating offerings (root admins only)')
  await logOut(page)

  // The root admin.
  await logIn(page, env('KBOSS_UI_ADMIN'), env('KBOSS_UI_ADMIN_PASSWORD'))
  const admin = await menu(page)
  check(ADMIN_PAGES.every((p) => admin.includes(p)), `the root admin's menu has every infrastructure page: ${admin}`)
  await page.locator('[data-test=menu-usage]').click()
  await page.locator('[data-test=store-usage]').waitFor()
  await page.waitForFunction(() => !document.querySelector('.ant-skeleton-active'))
  await t.shot('admin-usage')
  check(await page.locator('[data-test=store-usage-item], [data-test=no-store-usage]').count() > 0,
    'the root admin\'s Usage page has the image stores\' used and total over time (or says no sample was taken yet)')
  await page.locator('[data-test=menu-vms]').click()
  await page.locator('[data-test=vm-table] tbody tr.ant-table-row').first().waitFor()
  const all = await page.locator('[data-test=vm-link]').allTextContents()
  check(all.includes(otherVmName), 'the root admin sees every account\'s VMs')
})
