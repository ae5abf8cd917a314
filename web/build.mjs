// SPDX-License-Identifier: EUPL-1.2
//
// build.mjs: web/src → web/dist, the files `eenplan serve --web web/dist` answers.
//
//   dist/index.html                 the one page; references the assets by their hashed names
//   dist/assets/app-HASH.js         src/main.ts and everything it imports, bundled and minified
//   dist/assets/view-HASH.js,       what main.ts imports only when needed (the intake form: import()
//   dist/assets/chunk-HASH.js       in pages/intake.ts), and code those share (esbuild's splitting)
//   dist/assets/app-HASH.css        src/styles.css: the design tokens and the Utrecht components
//                                   the pages use, bundled and minified
//   dist/assets/icon-HASH.svg       the favicon
//   dist/**.gz                      each of them gzipped (level 9), for Accept-Encoding: gzip
//
// A name changes with its content, so the server can let browsers keep assets for a year
// (Cache-Control: immutable) and index.html is always asked again (no-cache).
//
// The Content-Security-Policy the server sends allows no inline script or style and nothing but
// the server itself as a source ('self'): the build fails when the CSS refers to any url() (a
// font, an image, a data: URI), so that the policy never needs widening by accident.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { constants, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'src');
const dist = join(here, 'dist');

// The design tokens: @utrecht/design-tokens sets some 1,240 custom properties on .utrecht-theme,
// for every component of the library. Only those the bundled components (and styles.css) use,
// directly or through another token, are kept: a third of the bytes, and less for the browser
// to parse and inherit on a slow tablet.
const TOKENS = /@utrecht\/design-tokens\/dist\/theme\.css$/;
const requireHere = createRequire(join(here, 'package.json'));
const varsIn = (text) => new Set([...text.matchAll(/var\(\s*(--[\w-]+)/g)].map((m) => m[1]));

function pruneTokens(tokensCss) {
  const styles = readFileSync(join(src, 'styles.css'), 'utf8');
  let used = varsIn(styles);
  for (const [, spec] of styles.matchAll(/@import\s+"([^"]+)"/g)) {
    if (TOKENS.test(spec)) continue;
    for (const name of varsIn(readFileSync(requireHere.resolve(spec), 'utf8'))) used.add(name);
  }
  const declarations = [...tokensCss.matchAll(/^\s*(--[\w-]+)\s*:\s*([^;]*);/gm)];
  const valueOf = new Map(declarations.map((m) => [m[1], m[2]]));
  for (let grew = true; grew;) {
    grew = false;
    for (const name of [...used]) {
      for (const ref of varsIn(valueOf.get(name) ?? '')) {
        if (!used.has(ref)) { used.add(ref); grew = true; }
      }
    }
  }
  const kept = declarations.filter((m) => used.has(m[1]));
  return `.utrecht-theme {\n${kept.map((m) => `  ${m[1]}: ${m[2]};`).join('\n')}\n}\n`;
}

const pruneTokensPlugin = {
  name: 'prune-design-tokens',
  setup(build) {
    build.onLoad({ filter: TOKENS }, (args) => ({
      contents: pruneTokens(readFileSync(args.path, 'utf8')),
      loader: 'css',
    }));
  },
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'assets'), { recursive: true });

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { app: join(src, 'main.ts'), styles: join(src, 'styles.css') },
  entryNames: 'assets/[name]-[hash]',
  chunkNames: 'assets/[name]-[hash]',
  splitting: true,
  outdir: dist,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome109', 'firefox115', 'safari15'],
  charset: 'utf8',
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
  plugins: [pruneTokensPlugin],
});

const outputs = Object.keys(result.metafile.outputs).map((p) => relative(dist, join(here, p)));
const js = outputs.find((p) => /^assets\/app-[A-Z0-9]+\.js$/.test(p));
const css = outputs.find((p) => /^assets\/styles-[A-Z0-9]+\.css$/.test(p));
if (!js || !css) throw new Error(`build.mjs: no app JS or CSS among ${outputs.join(', ')}`);

const cssText = readFileSync(join(dist, css), 'utf8');
const urls = cssText.match(/url\([^)]*\)/g);
if (urls) {
  throw new Error(`build.mjs: the CSS refers to ${urls.length} url(): ${urls[0].slice(0, 80)}…; ` +
    'the server\'s Content-Security-Policy allows none (bundle another component, or widen ' +
    'the policy in api/ep-server.c on purpose)');
}

// The favicon, hashed like the rest.
const icon = readFileSync(join(src, 'icon.svg'));
const iconName = `assets/icon-${createHash('sha256').update(icon).digest('hex').slice(0, 8).toUpperCase()}.svg`;
writeFileSync(join(dist, iconName), icon);

// The chunks app.js imports statically (code it shares with the parts loaded on demand): named in
// index.html as modulepreload, so the browser fetches them beside app.js instead of after parsing
// it — a round trip and a busy main thread saved on a slow tablet.
const imports = result.metafile.outputs[relative(here, join(dist, js))]?.imports ?? [];
const preload = imports.filter((i) => i.kind === 'import-statement')
  .map((i) => `<link rel="modulepreload" href="/${relative(dist, join(here, i.path))}">`).join('\n');

const html = readFileSync(join(src, 'index.html'), 'utf8')
  .replace('{{css}}', `/${css}`)
  .replace('{{js}}', `/${js}`)
  .replace('{{preload}}', preload)
  .replace('{{icon}}', `/${iconName}`);
if (/\{\{/.test(html)) throw new Error('build.mjs: a placeholder of src/index.html is left');
if (/<script(?![^>]*\bsrc=)|<style|\sstyle=/i.test(html)) {
  throw new Error('build.mjs: src/index.html has inline script or style, which the CSP refuses');
}
writeFileSync(join(dist, 'index.html'), html);

// Every file, gzipped beside it.
const sizes = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { walk(path); continue; }
    const raw = readFileSync(path);
    const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
    writeFileSync(`${path}.gz`, gz);
    sizes.push([relative(dist, path), raw.length, gz.length]);
  }
}
walk(dist);
for (const [name, raw, gz] of sizes.sort()) {
  console.log(`  ${name.padEnd(32)} ${String(raw).padStart(8)} B  ${String(gz).padStart(7)} B gzip`);
}
console.log(`web/dist: ${basename(js)}, ${basename(css)}`);
