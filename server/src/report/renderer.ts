/**
 * PDF reports: headless Chromium (Playwright) prints the app's own print page
 * (/rapport/regio/:code or /rapport/gemeente/:code), so every figure is the one the screen shows.
 * One browser is started on first use and reused; each report gets its own browser context.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Logger } from 'pino';
import { formatSchoolYear } from '@rd/shared';
import type { ReportRenderer } from '../export/routes.ts';
import { fileSlug } from '../export/service.ts';
import type { ExportFilters } from '../export/tables.ts';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];
/** A report that is not ready in this time has a problem (the national seed renders in ~2 s). */
const READY_TIMEOUT_MS = 45_000;

function printPath(kind: 'region' | 'municipality', code: string, f: ExportFilters): string {
  const q = new URLSearchParams({ jaar: f.schoolYear, sector: f.sector });
  return `/rapport/${kind === 'region' ? 'regio' : 'gemeente'}/${code}?${q}`;
}

function footerTemplate(kind: 'region' | 'municipality', code: string, f: ExportFilters): string {
  // Chromium's header/footer templates have their own tiny default font size and no page CSS.
  const label = `Regiodashboard Welbevinden op School · ${kind === 'region' ? 'GGD-regio' : 'Gemeente'} ${code} · schooljaar ${formatSchoolYear(f.schoolYear)}`;
  return `<div style="font-family: sans-serif; font-size: 8px; color: #000; width: 100%; padding: 0 12mm; display: flex; justify-content: space-between;">
    <span>${label}</span><span>Pagina <span class="pageNumber"></span> van <span class="totalPages"></span></span></div>`;
}

export interface PdfReportRenderer extends ReportRenderer {
  close(): Promise<void>;
}

export function createReportRenderer(logger: Logger, chromiumPath: string): PdfReportRenderer {
  let browser: Promise<Browser> | null = null;
  const getBrowser = () => {
    // A bounded launch, tried twice: a start that hangs on a loaded machine must not hold a request for minutes.
    const launch = () => chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, timeout: 30_000 });
    browser ??= launch().catch((error: unknown) => {
      logger.warn({ err: error }, 'chromium start failed, trying once more');
      return launch();
    }).then((b) => {
      b.on('disconnected', () => { browser = null; sharedContext = null; spare = null; });
      return b;
    }, (error: unknown) => {
      browser = null;
      throw error;
    });
    return browser;
  };

  let sharedContext: Promise<BrowserContext> | null = null;
  let spare: Promise<Page> | null = null;
  const takeSharedPage = async (context: BrowserContext): Promise<Page> => {
    const ready = spare;
    spare = null;
    return ready ?? context.newPage();
  };
  const newContext = async (cookie: string | null) => (await getBrowser()).newContext({
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    viewport: { width: 1100, height: 1400 },
    // The print page calls the API as the user who asked for the report (with that user's session cookie),
    // so the PDF shows only what that user may see.
    ...(cookie ? { extraHTTPHeaders: { cookie } } : {}),
  });

  return {
    async render(kind, code, filters, request) {
      const started = Date.now();
      // With a user's cookie: a context of its own, so nothing (cookies, cache) is shared between users.
      // Without (CLI, bench: one system reader): one reused context, whose HTTP cache keeps the app's
      // scripts and the map boundaries warm between reports.
      const context = request.cookie ? await newContext(request.cookie) : await (sharedContext ??= newContext(null));
      // Batch use: a page opened while the previous report was printed saves its start-up time.
      const page = request.cookie ? await context.newPage() : await takeSharedPage(context);
      const phases: Record<string, number> = {};
      const lap = (name: string) => { phases[name] = Date.now() - started - Object.values(phases).reduce((a, b) => a + b, 0); };
      lap('page');
      try {
        await page.goto(request.baseUrl + printPath(kind, code, filters), { waitUntil: 'domcontentloaded' });
        lap('load');
        const ready = await page.waitForSelector('[data-report-state="ready"], [data-report-state="error"]', { timeout: READY_TIMEOUT_MS });
        if ((await ready.getAttribute('data-report-state')) === 'error') {
          throw new Error(`Rapportpagina meldt een fout: ${(await ready.textContent())?.slice(0, 300)}`);
        }
        lap('data');
        await page.emulateMedia({ media: 'print' });
        const pdf = await page.pdf({
          format: 'A4',
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate: footerTemplate(kind, code, filters),
          margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
        });
        lap('pdf');
        logger.info({ kind, code, ms: Date.now() - started, phases, bytes: pdf.length }, 'report rendered');
        const scopeName = (await page.getAttribute('[data-report-state="ready"]', 'data-scope-name')) ?? code;
        return { body: pdf, fileName: `${fileSlug('rapport', scopeName, filters.schoolYear, filters.sector)}.pdf` };
      } finally {
        await page.close();
        if (request.cookie) await context.close();
        else if (!spare) {
          spare = context.newPage();
          // Closing the browser while the spare page opens is not an error.
          spare.catch(() => { spare = null; });
        }
      }
    },
    async close() {
      const b = browser;
      browser = null;
      sharedContext = null;
      spare = null;
      if (b) await (await b).close().catch(() => undefined);
    },
  };
}
