/** The browser tests' `test`: the page's clock is the store's, and helpers to sign in and take screenshots. */
import { expect, test as base, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { signInLink, STORE_NOW } from './store';

export const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');

export const test = base.extend<{ signIn(staff: { id: string; name: string }, how?: 'code' | 'link'): Promise<void>; shoot(name: string): Promise<void> }>({
  page: async ({ page }, use) => {
    // The service's clock is set to the store's morning; the browser counts deadlines from the same instant.
    await page.clock.setFixedTime(new Date(STORE_NOW));
    await use(page);
  },
  signIn: async ({ page, request }, use) => {
    await use(async (staff, how = 'code') => {
      const link = await signInLink(request, staff);
      if (how === 'link') {
        await page.goto(link);
      } else {
        await page.goto('/console/login');
        await page.getByRole('textbox', { name: '登录码' }).fill(new URL(link, 'http://x').searchParams.get('code')!);
        await page.getByRole('button', { name: '登录', exact: true }).click();
      }
      await expect(page.getByText(staff.name, { exact: false }).first()).toBeVisible();
      await expect(page).not.toHaveURL(/\/login/);
    });
  },
  shoot: async ({ page }, use) => {
    await use(async (name) => {
      const desktop = page.viewportSize() ?? { width: 1280, height: 800 };
      await page.setViewportSize({ width: 1280, height: 800 });
      await settle(page);
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-1280.png`), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await settle(page);
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-390.png`), fullPage: true });
      await page.setViewportSize(desktop);
      await settle(page);
    });
  },
});

async function settle(page: Page): Promise<void> {
  // The tests already read the toasts; a screenshot shows the page under them, from its top.
  await page.evaluate(() => {
    document.querySelectorAll('.el-message').forEach((toast) => toast.remove());
    window.scrollTo(0, 0);
  });
  // Charts resize on their own after a width change; give them the frame they redraw in.
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.waitForTimeout(300);
}

/** True when a chart canvas holds a drawing: enough painted pixels in more than one colour. */
export async function canvasIsDrawn(page: Page, selector: string): Promise<boolean[]> {
  return page.locator(selector).evaluateAll((canvases) =>
    (canvases as HTMLCanvasElement[]).map((c) => {
      const ctx = c.getContext('2d');
      if (!ctx || !c.width || !c.height) return false;
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      let painted = 0;
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 16) {
        if (data[i + 3] > 0) {
          painted++;
          colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        }
      }
      return painted > 200 && colours.size > 3;
    }),
  );
}

/** Counts the console's JavaScript a page loads from now on: gzip-compressed size of each file, in bytes. */
export function countJavaScript(page: Page): () => { files: number; gzipBytes: number } {
  const seen = new Set<string>();
  page.on('response', (res) => {
    const path = new URL(res.url()).pathname;
    if (path.startsWith('/console/') && path.endsWith('.js')) seen.add(path);
  });
  const dist = join(__dirname, '..', '..', 'dist');
  return () => ({ files: seen.size, gzipBytes: [...seen].reduce((sum, path) => sum + gzipSync(readFileSync(join(dist, path))).length, 0) });
}

export { expect };
