// The web UI's shipped JavaScript files, as paths relative to web/ (tests and icons left out),
// so checks over "every source file" follow the folders as they change.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const web = join(dirname(fileURLToPath(import.meta.url)), '..');

export function sourceFiles(dir = '') {
  return readdirSync(join(web, dir)).flatMap((name) => {
    const path = dir ? `${dir}/${name}` : name;
    if (statSync(join(web, path)).isDirectory()) return ['tests', 'icons', 'node_modules'].includes(name) ? [] : sourceFiles(path);
    return path.endsWith('.js') ? [path] : [];
  }).sort();
}
