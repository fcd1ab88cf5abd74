// @rollup/plugin-node-resolve 13 ships types its package.json "exports" does not expose
// to NodeNext resolution; this declares the one function the bundler uses.
declare module '@rollup/plugin-node-resolve' {
  import type { Plugin } from 'rollup';
  export function nodeResolve(options?: { extensions?: string[] }): Plugin;
}
