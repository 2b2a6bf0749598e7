// preopen.mjs: work around jco 1.35 (preview2-shim 0.26) running its bundled
// wasm-tools with no preopened directories, which makes `jco embed --wit` and
// `jco componentize --wit` fail with
//   "failed to get path metadata: No such file or directory" / Os code 44.
// Preload with:
//   node --import ./preopen.mjs $JCO_PREFIX/node_modules/@bytecodealliance/jco/dist/jco.js ...
// It preopens the host "/" as "/" in every copy of preview2-shim jco may use.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const nm = resolve(process.env.JCO_PREFIX ?? 'tools', 'node_modules/@bytecodealliance');
for (const rel of ['jco-transpile/node_modules/@bytecodealliance/preview2-shim',
                   'jco/node_modules/@bytecodealliance/preview2-shim',
                   'preview2-shim']) {
  const f = join(nm, rel, 'dist/nodejs/filesystem.js');
  if (existsSync(f)) (await import(pathToFileURL(f).href))._setPreopens?.({ '/': '/' });
}
