import { readFileSync } from 'node:fs';
import { canvasIsDrawn, expect, test } from './console-test';
import { STAFF } from './store';

test.describe.configure({ mode: 'serial' });

test.describe('the retention report', () => {
  test('a manager reads retention per week and per month, with its chart drawn, and downloads it for Excel', async ({ page, signIn, shoot }) => {
    await signIn(STAFF.manager);
    await page.getByRole('menuitem', { name: '报表' }).click();
    await page.getByRole('tab', { name: '留存' }).click();
    const pane = page.locator('#pane-retention');
    await expect(pane.locator('.tiles')).toContainText('期初会员');
    await expect(pane.locator('.tiles')).toContainText('留存率');
    // Twelve weeks up to today by default, one row each.
    await expect(pane.locator('[data-test=retention-table] tbody tr')).toHaveCount(12);
    await expect(pane.getByText('会员增减与留存率')).toBeVisible();
    await expect.poll(() => canvasIsDrawn(page, '#pane-retention .chart-card canvas')).toEqual([true]);
    await expect(pane.locator('[data-test=retention-assistants]')).toContainText('李丽');
    await shoot('manager-retention');

    await pane.getByText('按月').click();
    await expect(pane.locator('[data-test=retention-table] tbody tr')).toHaveCount(6);
    await expect(pane.getByText('每月一行')).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent('download'), pane.getByRole('button', { name: '下载 CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^laoke-retention-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync(await download.path());
    // UTF-8 with a BOM, so Excel opens the Chinese headers right; CRLF line ends; one row per month.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toMatch(/^期间,开始日期,结束日期,期初会员,新增/);
    expect(lines.filter((l) => l.startsWith('月,'))).toHaveLength(6);
  });

  test('an assistant sees retention of their own members only', async ({ page, signIn }) => {
    await signIn(STAFF.lili);
    await page.getByRole('menuitem', { name: '报表' }).click();
    await page.getByRole('tab', { name: '留存' }).click();
    const assistants = page.locator('#pane-retention [data-test=retention-assistants] tbody tr');
    await expect(assistants).toHaveCount(1);
    await expect(assistants).toContainText('李丽');
    await expect.poll(() => canvasIsDrawn(page, '#pane-retention .chart-card canvas')).toEqual([true]);
  });
});
