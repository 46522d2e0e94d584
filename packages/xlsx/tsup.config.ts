import { createTsupConfig } from '../../tsup.base';

export default createTsupConfig({ index: 'src/index.ts', node: 'src/node.ts' });
