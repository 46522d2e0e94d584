import { createTsupConfig } from '../../tsup.base';

export default createTsupConfig({ cli: 'src/cli.ts' }, { format: ['esm'], dts: false, banner: { js: '#!/usr/bin/env node' } });
