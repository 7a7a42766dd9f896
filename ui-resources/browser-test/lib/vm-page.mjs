// The VM page as the scenarios read and drive it.
import { dialog, dialogClosed } from './widgets.mjs'

export async function openVm(page, name) {
  await page.locator('[data-test=menu-vms]').first().click()
  await page.locator('[data-test=vm-link]', { hasText: name }).first().click()
  await page.locator('[data-test=vm-name]', { hasText: name }).waitFor()
}

// Clicks the VM action `testId`, lets `fill(dialog)` set the dialog's options, confirms, and waits
// until the dialog has closed (the server accepted the call).
export async function vmAction(page, testId, fill = async () => {}) {
  await page.locator(`[data-test=${testId}]`).click()
  const box = dialog(page)
  await box.waitFor()
  await fill(box)
  await box.locator('[data-test=confirm-ok]').click()
  await dialogClosed(page)
}

// Waits for the page's result of the job it started: { title, failed, text }.
export async function actionResult(page, title, timeoutMs = 120_000) {
  const result = page.locator('[data-test=action-result]')
  await result.filter({ hasText: title }).waitFor({ timeout: timeoutMs })
  return {
    message: (await result.locator('.ant-alert-message').textContent()).trim(),
    text: ((await result.locator('.ant-alert-description').textContent().catch(() => '')) || '').trim(),
    failed: (await result.getAttribute('data-failed')) === 'true'
  }
}

// The chain picture as data: [{ chain, open, nodes: [{ id, type, status }] }] and the isolated nodes.
export async function chainPicture(page) {
  return page.locator('[data-test=chain-picture]').evaluate((picture) => ({
    chains: [...picture.querySelectorAll('[data-test=chain]')].map((c) => ({
      chain: c.dataset.chainId,
      open: c.dataset.open,
      nodes: [...c.querySelectorAll('[data-test=chain-node]')].map((n) => ({ id: n.dataset.backupId, type: n.dataset.type, status: n.dataset.status }))
    })),
    isolated: [...picture.querySelectorAll('[data-test=isolated-backups] [data-test=chain-node]')].map((n) => ({ id: n.dataset.backupId, status: n.dataset.status }))
  }))
}

export async function vmState(page) {
  return (await page.locator('[data-test=vm-state]').first().textContent()).trim()
}

// The backup's row actions in the VM's table.
export function backupRow(page, backupId) {
  return page.locator('[data-test=vm-backup-table] tbody tr.ant-table-row').filter({ has: page.locator(`[aria-label="Show backup ${backupId}"]`) })
}
