// Ant Design widgets as a keyboard or mouse user drives them, found by their data-test names.

// Ant Design puts data-test on the <input> itself or on its wrapper, depending on the component.
export function field(scope, testId) {
  return scope.locator(`input[data-test=${testId}], [data-test=${testId}] input`).first()
}

// The dialog on top (there is at most one open at a time in these flows).
export function dialog(page) {
  return page.locator('.ant-modal-wrap:not([style*="display: none"]) .ant-modal').last()
}

export async function dialogClosed(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('.ant-modal-wrap')].every((w) => getComputedStyle(w).display === 'none'))
}

// Picks the option labelled `label` (a string or a RegExp) of the select named `testId`.
export async function choose(page, testId, label, scope = page) {
  await scope.locator(`[data-test=${testId}]`).first().click()
  const pattern = label instanceof RegExp ? label : new RegExp(`^${escape(label)}$`)
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: pattern }).first().click()
  await page.waitForFunction(() => !document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-slide-up-leave-active'))
}

export async function setChecked(locator, on) {
  const box = locator.locator('input[type=checkbox]').first()
  if ((await box.isChecked()) !== on) await box.click()
}

export async function logIn(page, username, password) {
  await field(page, 'username').fill(username)
  await field(page, 'password').fill(password)
  await page.locator('[data-test=login-submit]').click()
  await page.locator('[data-test=current-user]').waitFor()
}

export async function logOut(page) {
  await page.locator('[data-test=user-menu]').click()
  await page.locator('[data-test=logout]').click()
  await field(page, 'username').waitFor()
}

export function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
