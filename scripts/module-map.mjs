// Vite plugin: writes dist/web/.vite/modules.json, the source modules (paths relative to the project) that each
// built JavaScript file holds. The bundle-budget test reads it to check that the public pages load no staff code
// (shared chunk names do not say what is inside them; inlined common chunks copy modules into several files).
import path from 'node:path';

export function moduleMap() {
  let root = process.cwd();
  return {
    name: 'liminal-module-map',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    generateBundle(_options, bundle) {
      const map = {};
      for (const [file, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue;
        map[file] = chunk.moduleIds
          .filter((id) => !id.startsWith('\0'))
          .map((id) => path.relative(root, id.split('?')[0]).split(path.sep).join('/'))
          .sort();
      }
      this.emitFile({
        type: 'asset',
        fileName: '.vite/modules.json',
        source: `${JSON.stringify(map, null, 1)}\n`,
      });
    },
  };
}
