import { generateSplits } from '@interp/dataset';
import { writeSplits } from '@interp/dataset/node';
import type { Logger } from '../createLogger';

/** Options of the `generate` step. */
export interface GenerateOptions {
  out: string;
  seed: number;
  train: number;
  val: number;
  test: number;
}

/** Step 2/7: generates the three splits and writes them as xlsx files. */
export async function runGenerate(options: GenerateOptions, log: Logger): Promise<Record<string, string>> {
  const splits = generateSplits({ seed: options.seed, train: options.train, val: options.val, test: options.test });
  const names = { train: 'mlp_train.xlsx', val: 'mlp_val.xlsx', test: 'mlp_test.xlsx' } as const;
  const files = await writeSplits(options.out, splits, (name, rows) => {
    log.info(`Generating ${rows} rows for ${names[name]}...`);
    log.info(`Successfully saved ${names[name]}`);
  });
  return { ...files };
}
