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
  test('sees only her own message to check, closes it, and redeems within her limit', async ({ page, signIn, shoot }) => {
    await signIn(STAFF.lili);
    // The store has two (赵阿姨's and 张敏's 刘先生's); she is told of hers only.
    await expect(page.locator('[data-test=checks-notice]')).toContainText('有 1 条消息发送中断');
    const plan = page.locator('[data-test=visit-plan]');
    await expect(plan.locator('[data-test=visit-vip]')).toContainText('赵阿姨');
    await expect(plan.locator('[data-test=visit-at-risk]')).toContainText('羊绒大衣');
    await expect(plan).not.toContainText('刘先生');
    await page.getByRole('menuitem', { name: '今日问候' }).click();
    const checks = page.locator('[data-test=outbox-check]');
    await expect(checks).toHaveCount(1);
    await expect(checks.first()).toContainText('赵阿姨');
    await expect(checks.first()).toContainText('金卡会员');
    await shoot('assistant-outbox-checks');
    await checks.first().getByRole('button', { name: '没收到' }).click();
    await expect(page.getByText('已记为没发出')).toBeVisible();
    await expect(checks).toHaveCount(0);

    // At the till: more than an assistant may redeem at once is refused in the API's own words.
    await page.goto('/console/members/3');
    await page.getByRole('tab', { name: '积分' }).click();
    await expect(page.getByRole('button', { name: '调整', exact: true })).toHaveCount(0);
    await page.getByRole('button', { name: '兑换', exact: true }).click();
    const dialog = page.locator('[data-test=points-dialog]');
    await dialog.locator('.el-input-number input').fill('2000');
    await dialog.getByRole('button', { name: '确认兑换' }).click();
    await expect(dialog.locator('[data-test=points-error]')).toContainText('一次最多可以兑换 1000 积分');
    await shoot('assistant-points-limit');
  });
});
