/**
 * `npm run bench:web`: builds the web app (the same Vite config as `npm run build:web`,
 * into a temporary folder with a manifest) and measures the JavaScript a first visit
 * downloads: the entry chunk and every chunk it imports statically. Chunks loaded on
 * demand (React.lazy pages) are listed apart. Sizes are gzip (zlib level 9, as a static
 * server or CDN would precompress). Budget: initial JavaScript at most 200 kB gzipped
 * (issue 7). Writes its section of bench/RESULTS.md and exits 1 over budget.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const BUDGET_BYTES = 200 * 1000;
const root = fileURLToPath(new URL('..', import.meta.url));
const resultsFile = path.join(root, 'bench', 'RESULTS.md');

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

async function main() {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'aim-bench-web-'));
  try {
    const started = performance.now();
    await build({ configFile: path.join(root, 'web/vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, manifest: true } });
    const buildMs = performance.now() - started;
    const manifest = JSON.parse(await readFile(path.join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
    const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
    if (!entryKey) throw new Error('no entry chunk in the Vite manifest');

    // The entry and its static imports, transitively: what the browser must fetch before the app runs.
    const initial = new Set<string>();
    const visit = (key: string) => {
      if (initial.has(key)) return;
      initial.add(key);
      for (const dep of manifest[key]!.imports ?? []) visit(dep);
    };
    visit(entryKey);
    const lazy = Object.keys(manifest).filter((k) => !initial.has(k) && manifest[k]!.file.endsWith('.js'));

    const measure = async (file: string) => {
      const bytes = await readFile(path.join(outDir, file));
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    };
    const initialJs = await Promise.all([...initial].map((k) => measure(manifest[k]!.file)));
    const initialCss = await Promise.all([...new Set([...initial].flatMap((k) => manifest[k]!.css ?? []))].map(measure));
    const lazyJs = await Promise.all(lazy.map(async (k) => ({ ...(await measure(manifest[k]!.file)), name: manifest[k]!.src ?? k })));
    const total = initialJs.reduce((n, c) => n + c.gzip, 0);
    const within = total <= BUDGET_BYTES;

    const cpu = os.cpus();
    const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`;
    const date = new Date().toISOString().slice(0, 10);
    const strip = (f: string) => f.replace(/^assets\//, '').replace(/-[\w-]{8}\.(js|css)$/, '.$1');
    const lines = [
      '<!-- bench:web:start -->',
      '## Web app: initial JavaScript (`npm run bench:web`)',
      '',
      `Measured ${date} on ${machine}; Vite production build of web/ (${Math.round(buildMs)} ms). Initial = the entry chunk and its static imports`,
      '(what a first visit downloads before the app runs); pages behind `React.lazy` load on demand. gzip at level 9.',
      '',
      '| what | raw | gzip |',
      '| --- | ---: | ---: |',
      ...initialJs.map((c) => `| initial JS: ${strip(c.file)} | ${kB(c.raw)} | ${kB(c.gzip)} |`),
      `| **initial JS total** (budget ${kB(BUDGET_BYTES)}) | ${kB(initialJs.reduce((n, c) => n + c.raw, 0))} | **${kB(total)}** ${within ? '(within budget)' : '(OVER BUDGET)'} |`,
      ...initialCss.map((c) => `| initial CSS: ${strip(c.file)} | ${kB(c.raw)} | ${kB(c.gzip)} |`),
      ...lazyJs
        .sort((a, b) => b.gzip - a.gzip)
        .map((c) => `| on demand: ${strip(c.file)} (${c.name.replace(/^web\/src\//, '')}) | ${kB(c.raw)} | ${kB(c.gzip)} |`),
      '<!-- bench:web:end -->',
    ];
    const section = lines.join('\n');
    let text = '';
    try {
      text = await readFile(resultsFile, 'utf8');
    } catch {
      text = '# Benchmark results\n';
    }
    const pattern = /<!-- bench:web:start -->[\s\S]*?<!-- bench:web:end -->/;
    text = pattern.test(text) ? text.replace(pattern, section) : `${text.trimEnd()}\n\n${section}\n`;
    await writeFile(resultsFile, text);
    console.log(section);
    if (!within) {
      console.error(`initial JavaScript is ${kB(total)} gzipped, over the ${kB(BUDGET_BYTES)} budget`);
      process.exitCode = 1;
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

await main();
