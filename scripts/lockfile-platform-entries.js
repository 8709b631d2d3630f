#!/usr/bin/env node
// Adds lock entries for optional platform packages the registry mirror could not resolve, so `npm ci`'s
// sync check passes; they are marked optional with their os/cpu, so npm skips them on other platforms.
const fs = require('fs');
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const pk = lock.packages;
let added = 0;
for (const [path, node] of Object.entries(pk)) {
  for (const [name, version] of Object.entries(node.optionalDependencies || {})) {
    const base = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    const top = `node_modules/${name}`;
    if (pk[base] || pk[top]) continue;
    const m = /-(android|darwin|freebsd|linux|openharmony|win32|wasm32)-?([a-z0-9]+)?/.exec(name);
    const os = m ? m[1] : null;
    let cpu = m && m[2] ? m[2] : null;
    if (cpu === 'x64' || cpu === 'arm64' || cpu === 'ia32' || cpu === 'arm' || cpu === 'ppc64' || cpu === 's390x' || cpu === 'riscv64' || cpu === 'loong64') {} else cpu = null;
    const entry = { version: version.replace(/^[\^~]/, ''), optional: true };
    if (os && os !== 'wasm32') entry.os = [os];
    if (cpu) entry.cpu = [cpu];
    if (os === 'wasm32') entry.cpu = ['wasm32'];
    pk[top] = entry;
    added++;
  }
}
fs.writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log('added', added);
