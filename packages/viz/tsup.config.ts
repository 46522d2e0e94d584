import { createTsupConfig } from '../../tsup.base';

// d3 is ESM-only: bundle it (tree-shaken) so the CommonJS build works under require() on Node 20.
export default createTsupConfig({ index: 'src/index.ts', node: 'src/node.ts' }, { noExternal: [/^d3/] });
