/**
 * Bundles one near-sdk-js contract into a single ES module, as near-sdk-js's own CLI
 * does: rollup + babel with near-sdk-js's include-bytes and near-bindgen-exporter
 * plugins (which generate one exported function per @call/@view/@initialize method)
 * and legacy decorators. Babel config files are ignored so the build is hermetic.
 */
import { babel } from '@rollup/plugin-babel';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import type { PluginItem } from '@babel/core';

export interface Bundle {
  code: string;
  /** Names of the module's exports: the contract's methods. */
  exports: string[];
}

let nearPlugins: Promise<PluginItem[]> | undefined;

function loadNearBabelPlugins(): Promise<PluginItem[]> {
  nearPlugins ??= (async () => {
    const includeBytes = (await import('near-sdk-js/lib/cli/build-tools/include-bytes.js')) as { default: PluginItem };
    const exporter = (await import('near-sdk-js/lib/cli/build-tools/near-bindgen-exporter.js')) as { default: PluginItem };
    return [includeBytes.default, [exporter.default, { verbose: false }]];
  })();
  return nearPlugins;
}

export async function bundleContract(entryPath: string): Promise<Bundle> {
  const plugins = await loadNearBabelPlugins();
  const warnings: string[] = [];
  const build = await rollup({
    input: entryPath,
    onwarn: (warning) => warnings.push(warning.message),
    plugins: [
      nodeResolve({ extensions: ['.js', '.ts'] }),
      babel({
        babelHelpers: 'bundled',
        babelrc: false,
        configFile: false,
        extensions: ['.ts', '.js', '.mjs'],
        presets: ['@babel/preset-typescript'],
        plugins: [...plugins, ['@babel/plugin-proposal-decorators', { version: 'legacy' }]],
      }),
    ],
  });
  try {
    const { output } = await build.generate({ format: 'es' });
    const chunk = output[0];
    const unresolved = warnings.filter((w) => /could not be resolved|Unresolved dependencies/i.test(w));
    if (unresolved.length > 0) throw new Error(`${entryPath}: ${unresolved.join('; ')}`);
    return { code: chunk.code, exports: [...chunk.exports].sort() };
  } finally {
    await build.close();
  }
}
