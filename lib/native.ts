// Loads the native addon. Order: $ADJOINT_ADDON (an explicit .node path, used by the
// sanitizer CI job), then node-gyp-build (build/Release, build/Debug, prebuilds/<platform>).
// On failure the error lists every place tried and how to fix it.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import type { NativeAddon } from './native-types.js';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function load(): NativeAddon {
  const tried: string[] = [];
  const explicit = process.env.ADJOINT_ADDON;
  if (explicit) {
    try {
      return require(path.resolve(explicit)) as NativeAddon;
    } catch (e) {
      tried.push(`ADJOINT_ADDON=${explicit}: ${(e as Error).message}`);
    }
  }
  try {
    const gypBuild = require('node-gyp-build') as (dir: string) => unknown;
    return gypBuild(root) as NativeAddon;
  } catch (e) {
    tried.push(`node-gyp-build in ${root} (build/Release, build/Debug, prebuilds/${process.platform}-${process.arch}): ${(e as Error).message}`);
  }
  throw new Error(
    `adjoint: could not load the native addon.\nTried:\n  - ${tried.join('\n  - ')}\n` +
      'Possible solutions:\n' +
      '  - run `npm rebuild adjoint` (needs a C++17 compiler, make and python3, or cmake >= 3.15)\n' +
      '  - in a clone of the repository: `npm install` or `npm run build`\n' +
      `  - check that a prebuild exists for ${process.platform}-${process.arch} (prebuilds/ in the package)`,
  );
}

// A copy, because the addon's exports object is in dictionary mode (N-API defines its 45
// properties one by one): every `native.f` would be a hash lookup, ~150 instructions of each op
// call. The copy is a fast-properties object, so the loads are inline-cached.
export const native: NativeAddon = { ...load() };
