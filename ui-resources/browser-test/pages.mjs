// Every page, as the logged-in account sees it, in the window size the test gives (a phone's or a
// laptop's): each page loads without console errors, fits the window's width (wide tables scroll
// inside their card, the page itself never scrolls sideways: every screenshot checks it), and is
// saved as a screenshot. On a phone the menu is a drawer opened from the header.
//
// Environment (besides lib/harness.mjs's): KBOSS_UI_USERNAME, KBOSS_UI_PASSWORD, KBOSS_UI_PREFIX
// (the screenshots' name prefix).
import { scenario, env } from './lib/harness.mjs'
import { logIn } from './lib/widgets.mjs'

const user = env('KBOSS_UI_USERNAME')
const password = env('KBOSS_UI_PASSWORD')
const prefix = env('KBOSS_UI_PREFIX')

await scenario(`pages-${prefix}`, 240_000, async (t) => {
  const { page } = t
  await logIn(page, user, password)
  const phone = (page.viewportSize()?.width ?? 1366) < 768

  async function visit(name, ready) {
    await ready()
    await t.shot(`${prefix}-${name}`)
  }
  async function viaMenu(entry) {
    if (phone) {
      await page.locator('[data-test=open-menu]').click()
      await page.locator(`.ant-drawer [data-test=menu-${entry}]`).click()
      await page.locator('.ant-drawer-open').waitFor({ state: 'detached' }).catch(() => {})
    } else {
      await page.locator(`[data-test=menu-${entry}]`).click()
    }
  }
  if (phone) await page.locator('[data-test=open-menu]').click()
  // The menu fills in once the shell has learned from listApis what the account may open.
  const entries = page.locator(phone ? '.ant-drawer [data-test^=menu-]' : '[data-test^=menu-]')
  await entries.first().waitFor()
  const menu = await entries.evaluateAll((l) => l.map((a) => a.dataset.test.slice(5)))
  if (phone) {
    await t.shot(`${prefix}-menu`, { fullPage: false })
    await page.keyboard.press('Escape')
  }

  await visit('vms', async () => page.locator('[data-test=vm-table] tbody tr.ant-table-row').first().waitFor())
  await page.locator('[data-test=vm-link]').first().click()
  await visit('vm', async () => page.locator('[data-test=chain-picture]').waitFor())
  for (const tab of ['Schedules', 'Validation', 'Volumes', 'Plots']) {
    await page.locator('[role=tab]', { hasText: tab }).click()
    await visit(`vm-${tab.toLowerCase()}`, async () => page.waitForFunction(() => !document.querySelector('.ant-skeleton-active, .ant-spin-spinning')))
  }
  const ready = {
    backups: () => page.locator('[data-test=backup-table] tbody tr.ant-table-row').first().waitFor(),
    // No backup job exists in this lab: the list is empty, loaded.
    backupjobs: () => page.locator('[data-test=backup-job-table] .ant-empty-description', { hasText: 'No backup jobs' }).waitFor(),
    jobs: () => page.locator('[data-test=job-table] tbody tr.ant-table-row').first().waitFor(),
    // This lab's offering neither compresses nor validates: the list is empty, loaded.
    servicejobs: () => page.locator('[data-test=service-job-table] .ant-empty-description', { hasText: 'No service jobs' }).waitFor(),
    // The lab's backups recorded events.
    events: () => page.locator('[data-test=event-table] tbody tr.ant-table-row').first().waitFor(),
    usage: () => page.locator('[data-test=account-usage-chart], [data-test=no-account-usage]').first().waitFor(),
    offerings: () => page.locator('[data-test=offering-table] tbody tr.ant-table-row').first().waitFor(),
    zones: () => page.locator('[data-test=zone-table] tbody tr.ant-table-row').first().waitFor(),
    imagestores: () => page.locator('[data-test=imagestore-table] tbody tr.ant-table-row').first().waitFor(),
    hosts: () => page.locator('[data-test=host-table] tbody tr.ant-table-row').first().waitFor(),
    settings: () => page.locator('[data-test=settings-table] tbody tr.ant-table-row').first().waitFor()
  }
  for (const entry of menu.filter((m) => m !== 'vms')) {
    await viaMenu(entry)
    await visit(entry, ready[entry])
  }
  if (menu.includes('zones')) {
    await viaMenu('zones')
    await page.locator('[data-test=zone-link]').first().click()
    await visit('zone', () => page.locator('[data-test=imagestore-table] tbody tr.ant-table-row').first().waitFor())
  }
})
