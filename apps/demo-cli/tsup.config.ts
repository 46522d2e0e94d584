import { createTsupConfig } from '../../tsup.base';

// Code splitting: the commands import the pipeline on use, so `--help` starts without loading tfjs.
export default createTsupConfig({ cli: 'src/cli.ts' }, { format: ['esm'], dts: false, splitting: true, banner: { js: '#!/usr/bin/env node' } });
