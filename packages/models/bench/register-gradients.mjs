// Registers tfjs-core's own gradients (for the naive-loop comparison in train.mjs).
// tfjs-core's Node bundle registers none, and its ESM files import each other without
// extensions, so a small resolve hook adds the `.js` Node's ESM loader needs.
import { register } from 'node:module';

const hook = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (specifier.startsWith('.') && context.parentURL && context.parentURL.includes('tfjs-core/dist/')) {
      return next(specifier + '.js', context);
    }
    throw err;
  }
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url);
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
