import { expect, test } from './console-test';
import { STAFF } from './store';

test.describe('an assistant', () => {
  test('signs in from the link in WeChat and sees only her own members', async ({ page, signIn, shoot }) => {
    await signIn(STAFF.lili, 'link');
    await expect(page.getByRole('heading', { name: /李丽/ })).toBeVisible();
    // Her own open ticket is on her Today page; the store's charts are not.
    await expect(page.locator('[data-test=open-complaints]')).toContainText('陈女士');
    await expect(page.locator('[data-test=open-complaints]')).not.toContainText('刘先生');
    await expect(page.locator('[data-test=store-charts]')).toHaveCount(0);
    await shoot('assistant-today');

    await page.getByRole('menuitem', { name: '会员' }).click();
    const list = page.locator('[data-test=member-list]');
    await expect(list).toContainText('陈女士');
    await expect(list).toContainText('赵阿姨');
    await expect(list).not.toContainText('刘先生');
    await expect(page.getByText('共 2 位')).toBeVisible();
    await expect(page.getByRole('menuitem', { name: '员工' })).toHaveCount(0);
    await shoot('assistant-members');
  });

  test('gets the 403 page where the API refuses her', async ({ page, signIn, shoot }) => {
    await signIn(STAFF.lili);
    // 刘先生 (M000002) is 张敏's member.
    await page.goto('/console/members/2');
    await expect(page.locator('[data-test=forbidden]')).toBeVisible();
    await expect(page.getByText('403 · 没有权限')).toBeVisible();
    await shoot('assistant-403');
    for (const path of ['/console/staff', '/console/audit', '/console/imports']) {
      await page.goto(path);
      await expect(page.locator('[data-test=forbidden]'), path).toBeVisible();
    }
    // Her own member opens normally.
    await page.goto('/console/members/1');
    await expect(page.getByRole('heading', { name: '陈女士' })).toBeVisible();
    await expect(page.locator('[data-test=forbidden]')).toHaveCount(0);

    // Signing out ends the session: the console asks her to sign in again.
    await page.getByRole('button', { name: '退出' }).click();
    await expect(page).toHaveURL(/\/console\/login/);
    await page.goto('/console/members');
    await expect(page).toHaveURL(/\/console\/login\?next=/);
    await expect(page.getByRole('textbox', { name: '登录码' })).toBeVisible();
  });
});
