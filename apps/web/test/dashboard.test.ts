import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiProcess } from './api-process.ts';
import { seed, type Seeded } from './seed.ts';

const CHROMIUM = '/usr/bin/chromium';
const WEB_DIR = fileURLToPath(new URL('..', import.meta.url));
const OUTPUT = join(WEB_DIR, 'test-output');
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  if (process.env['CI'] === 'true') {
    throw new Error(`${CHROMIUM} is missing: CI must install chromium (.ci/run does it with apt-get).`);
  }
  console.warn(
    `Skipping the dashboard's browser tests: ${CHROMIUM} is missing (apt-get install -y chromium). With CI=true this fails.`,
  );
}

describe.skipIf(!hasChromium)('the dashboard in Chromium against the real API', () => {
  let dir: string;
  let data: Seeded;
  // Undefined only when beforeAll failed part way; afterAll still cleans up what started.
  let api: ApiProcess | undefined;
  let browser: Browser | undefined;
  /** Errors the pages logged (a CSP violation, an uncaught exception): every test ends with none. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portdeck-web-'));
    mkdirSync(OUTPUT, { recursive: true });
    const webDir = join(dir, 'dist');
    const [seeded] = await Promise.all([
      seed(join(dir, 'portdeck.db'), Date.now()),
      build({ root: WEB_DIR, logLevel: 'warn', build: { outDir: webDir, emptyOutDir: true } }),
    ]);
    data = seeded;
    [api, browser] = await Promise.all([
      startApi({ databaseUrl: `sqlite:${join(dir, 'portdeck.db')}`, webDir }),
      chromium.launch({ executablePath: CHROMIUM }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(
    hash: string,
    viewport = { width: 1200, height: 900 },
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser!.newContext({ viewport });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(`${api!.origin}/dashboard/${hash}`);
    return { context, page };
  }

  async function signIn(page: Page, guildId: string, token: string): Promise<void> {
    await page.getByLabel('Server id').fill(guildId);
    await page.getByLabel('Dashboard token').fill(token);
    await page.getByRole('button', { name: 'Open statistics' }).click();
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });

  /** The leaderboard's rows as text cells. */
  const boardRows = (page: Page) =>
    page
      .locator('table.leaderboard tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)),
      );

  it('finds a port from a typo as you type, opens its page and tells which side is the server', async () => {
    const { context, page } = await open('');
    await page.getByLabel(/Port number, service or name/).pressSequentially('remot desktp', { delay: 20 });
    const results = page.getByRole('list', { name: 'Search results' });
    await expect.poll(() => results.locator('li').first().textContent()).toContain('RDP');
    await results.locator('li').first().getByRole('link', { name: '3389' }).click();

    await expect.poll(() => page.locator('h1').textContent()).toBe('Port 3389');
    await page.locator('#class-title').waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('User Ports');
    expect(text).toContain('1024–49151');
    expect(await page.locator('section[aria-labelledby="iana-title"] table').textContent()).toContain(
      'ms-wbt-server',
    );
    expect(await page.locator('section[aria-labelledby="known-title"]').textContent()).toContain('RDP');
    // Windows XP and older picked client ports from 1025-5000.
    expect(await page.locator('section[aria-labelledby="ephemeral-title"]').textContent()).toMatch(
      /1025–5000/,
    );

    expect(await page.getByLabel('One end’s port').inputValue()).toBe('3389');
    await page.getByLabel('The other end’s port').fill('51234');
    await page.getByLabel('The other end’s port').press('Enter');
    const verdict = page.getByTestId('flow-answer');
    await verdict.waitFor();
    expect(await verdict.locator('.verdict').textContent()).toMatch(
      /^Server: port 3389.*Client: port 51234\.$/,
    );
    await shot(page, 'port-3389');

    await page.getByLabel('The other end’s port').fill('70000');
    await page.getByRole('button', { name: 'Check' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('0 to 65535');
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('shows the seeded statistics behind the token, which stays in the tab and out of the URL', async () => {
    const { context, page } = await open('#/stats');
    await signIn(page, data.guildId, data.token);
    await page.locator('table.leaderboard').waitFor();

    expect(await boardRows(page)).toEqual([
      ['1', 'Ann', String(20 + data.drillPoints), '3', '4'],
      ['2', 'Bob', '10', '1', '3'],
      ['2', 'user u-cat', '10', '1', '3'],
    ]);
    const hardest = page.locator('#hardest-title').locator('..');
    expect(await hardest.locator('svg').getAttribute('aria-label')).toContain(
      'Which service uses 22: 33% of 3',
    );
    expect(
      await hardest.locator('table tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent)),
    ).toEqual([
      'Which service uses 2233% of 3 · often “Telnet”',
      'Which service uses 44550% of 2 · often “NFS”',
      'Which service uses 8050% of 2 · often “FTP”',
      'Which service uses 338967% of 3 · often “SMB”',
    ]);
    expect(await hardest.locator('svg rect.bar').count()).toBe(4);

    const activity = page.locator('#activity-title').locator('..');
    const [older, yesterday, today] = data.dates;
    const activityRows = await activity
      .locator('table tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.textContent));
    expect(activityRows).toEqual(
      expect.arrayContaining([`${older}3 (3 players)`, `${yesterday}5 (3 players)`, `${today}2 (2 players)`]),
    );
    expect(await activity.locator('svg rect.bar[data-value="5"]').count()).toBe(1);

    const daily = page.locator('li.daily');
    expect(await daily.count()).toBe(3);
    expect(await daily.first().textContent()).toContain(
      `${today} Which service uses 445 — 50% right of 2 answers`,
    );
    expect(
      await daily
        .first()
        .locator('.split li')
        .evaluateAll((rows) => rows.map((r) => r.textContent)),
    ).toEqual(['SMB (right answer) ✓1', 'NFS1', 'LDAP0', 'SSH0']);

    const drills = page.locator('#drills-title').locator('..').locator('tbody tr');
    expect(await drills.evaluateAll((rows) => rows.map((r) => r.textContent))).toEqual([
      `${yesterday}21Ann (${data.drillPoints} point${data.drillPoints === 1 ? '' : 's'})`,
    ]);
    await shot(page, 'stats-all-time');

    await page.getByRole('tab', { name: 'Today' }).click();
    await expect
      .poll(() => boardRows(page))
      .toEqual([
        ['1', 'user u-cat', '10', '1', '1'],
        ['2', 'Ann', '0', '0', '1'],
      ]);

    expect(page.url()).not.toContain(data.token);
    expect(await page.evaluate(() => sessionStorage.getItem('portdeck.dashboard'))).toContain(data.token);
    await page.reload();
    await page.locator('table.leaderboard').waitFor();
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('works at phone width with the keyboard alone', async () => {
    const { context, page } = await open('#/stats', { width: 390, height: 844 });
    await page.getByLabel('Server id').focus();
    await page.keyboard.type(data.guildId);
    await page.keyboard.press('Tab');
    await page.keyboard.type(data.token);
    await page.keyboard.press('Enter');
    await page.locator('table.leaderboard').waitFor();

    await page.getByRole('tab', { name: 'All time' }).focus();
    await page.keyboard.press('ArrowLeft');
    const focused = () => page.evaluate(() => document.activeElement?.textContent);
    await expect.poll(focused).toBe('This month');
    expect(await page.getByRole('tab', { name: 'This month' }).getAttribute('aria-selected')).toBe('true');
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).toBe('solid');
    await page.keyboard.press('Enter');
    await page.locator('table.leaderboard').waitFor();

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'stats-phone');
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it("explains a bad token, another server's token and a server with nothing yet", async () => {
    const { context, page } = await open('#/stats');
    await signIn(page, data.guildId, 'pdk_not-a-real-token');
    const alert = page.locator('[role="alert"][data-code]');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('UNAUTHENTICATED');
    expect(await alert.textContent()).toContain('This token was not accepted');
    await shot(page, 'stats-bad-token');

    await alert.getByRole('button', { name: 'Use another token' }).click();
    await signIn(page, data.guildId, data.otherToken);
    await expect.poll(() => alert.getAttribute('data-code')).toBe('FORBIDDEN');
    expect(await alert.textContent()).toContain('This token reads another server');

    await alert.getByRole('button', { name: 'Use another token' }).click();
    await signIn(page, data.emptyGuildId, data.emptyToken);
    await page.locator('#board-title').waitFor();
    expect(await page.locator('#stats-panel').textContent()).toContain('Nobody has scored all time');
    expect(await page.locator('#stats-panel').textContent()).toContain('No daily question has been posted');
    await shot(page, 'stats-empty');
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('says so when the API stops answering', async () => {
    const { context, page } = await open('');
    await page.getByLabel(/Port number, service or name/).waitFor();
    await api!.stop();
    await page.getByLabel(/Port number, service or name/).fill('ssh');
    const alert = page.locator('[role="alert"][data-code]');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('API_UNREACHABLE');
    expect(await alert.textContent()).toContain('The portdeck API is not answering');
    await shot(page, 'api-down');
    await context.close();
    // Chromium logs the refused connection itself; only this page's own errors would matter here.
    expect(pageErrors.filter((e) => !e.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
  });
});
