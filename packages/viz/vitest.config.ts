import { mergeConfig } from 'vitest/config';
import { vitestBase } from '../../vitest.base';

// globalSetup regenerates src/generated/d3Source.ts (gitignored) so a plain
// `npx vitest run` works on a fresh clone too.
export default mergeConfig(vitestBase, { test: { globalSetup: ['./vitest.globalSetup.ts'] } });
