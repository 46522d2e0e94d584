import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CIRCUIT_TRACE_FILE, writeCircuitTraceXlsx } from '@interp/probe/node';
import { reportFiles, type ReportData } from '@interp/viz';
import { writeReports } from '@interp/viz/node';
import { hashValue } from '../hashValue';
import type { PipelineContext } from '../pipelineContext';
import { readStepRecord, runCachedStep, type StepRecord } from '../runCachedStep';
import { stageArtifacts } from '../stageArtifacts';
import { checkCancelled, stepCacheOptions } from '../stepCacheOptions';
import { PROBE_FILE, type ProbeFileContent } from './probeStep';
import { parseArtifact, parseProbeFile, stepRecordSchema, trainMlpResultSchema, trainSaeResultSchema } from './reportInputSchemas';

/** The circuit-trace workbook, under the reference run's name. */
export { CIRCUIT_TRACE_FILE };

/** Result of the report step. */
export interface ReportResult {
  reports: string[];
}

/** Cache key of the report step. */
export function getReportKey(probeKey: string): string {
  return hashValue({ step: 'report', probeKey, version: 1 });
}

/**
 * A file of a step record as a link of the reports: a plain relative path inside `out`. Anything else
 * (`javascript:` and other schemes, `..`, another folder) is an edited record and an error.
 */
export function toReportLink(out: string, path: string): string {
  const link = relative(out, resolve(out, path)).split(sep).join('/');
  if (link === '' || link.startsWith('..') || isAbsolute(link) || !/^[A-Za-z0-9._-][A-Za-z0-9._/-]*$/.test(link)) {
    throw new Error(`${join(out, '.interp')}: a step record lists ${JSON.stringify(path.slice(0, 200))}, which is not a file inside ${out}; re-run that step (--force)`);
  }
  return link;
}

const stepOrder = ['generate', 'train-mlp', 'harvest', 'train-sae', 'probe'] as const;

/** Step 7/7: circuit_trace_detailed.xlsx and the HTML reports, from the probe step's results. */
export async function runReport(ctx: PipelineContext, probeKey: string): Promise<StepRecord<ReportResult> & { cached: boolean }> {
  return runCachedStep<ReportResult>({
    ...stepCacheOptions(ctx),
    step: 'report',
    key: getReportKey(probeKey),
    run: () => writeReportFiles(ctx),
  });
}

/** The report step's work: the inputs read and checked, the workbook and the HTML reports written. */
async function writeReportFiles(ctx: PipelineContext): Promise<{ files: Record<string, string>; result: ReportResult }> {
  ctx.log.info('Tracing logic flow through the entire circuit...');
  const probePath = join(ctx.out, PROBE_FILE);
  let probeJson: unknown;
  try {
    probeJson = JSON.parse(await readFile(probePath, 'utf8'));
  } catch (error) {
    throw new Error(`${probePath}: not valid JSON (${(error as Error).message}); re-run \`interp probe --force\``);
  }
  const probe: ProbeFileContent = parseProbeFile(probeJson, probePath);
  const records = await Promise.all(
    stepOrder.map(async (s) => {
      const record = await readStepRecord<unknown>(ctx.out, s);
      return record ? parseArtifact(stepRecordSchema, record, join(ctx.out, '.interp', `${s}.json`)) : undefined;
    }),
  );
  const mlpRecord = records[1];
  const saeRecord = records[3];
  if (!mlpRecord || !saeRecord) throw new Error(`report: the train-mlp and train-sae records are missing from ${ctx.out}/.interp`);
  const mlp = parseArtifact(trainMlpResultSchema, mlpRecord.result, join(ctx.out, '.interp', 'train-mlp.json'));
  const sae = parseArtifact(trainSaeResultSchema, saeRecord.result, join(ctx.out, '.interp', 'train-sae.json'));
  const summaryNumbers = {
    'MLP test MSE': mlp.testMse,
    'MLP test exact (fraction)': mlp.testExact,
    'SAE features': sae.dSae,
    'SAE variance explained': sae.fve,
    'SAE L0': sae.l0,
    'SAE dead fraction': sae.deadFraction,
    'MSE recovered (%)': probe.splice.mseRecovered,
    'Monosemantic share': probe.monosemanticShare,
    'SAE architecture': sae.k === undefined ? sae.architecture : `${sae.architecture}, k = ${sae.k}`,
    Seed: sae.seed ?? 'unknown',
    Backend: sae.backend ?? 'unknown',
    // The note can say how many steps ran on 1 thread (adaptThreads times the machine, so it differs from run to
    // run): left out, as wall times are, when SOURCE_DATE_EPOCH asks for reproducible files.
    'SAE threads':
      sae.threads === undefined || sae.threads === null ? 'unknown' : sae.threadsNote && !ctx.sourceDate ? `${sae.threads} (${sae.threadsNote})` : sae.threads,
  };
  const files = records.flatMap((r) => Object.values(r?.files ?? {})).map((p) => {
    const path = toReportLink(ctx.out, p);
    return { name: path, path };
  });
  files.push({ name: CIRCUIT_TRACE_FILE, path: CIRCUIT_TRACE_FILE });
  const edges = sae.densityHistogram.edges;
  const data: ReportData = {
    run: {
      title: 'interp: SAE features of the index-arithmetic MLP',
      createdAt: ctx.now().toISOString(),
      // Provenance from the artifacts' records (the run that trained the SAE), not from this run's flags.
      backend: sae.backend ?? 'unknown',
      ...(sae.seed === undefined ? {} : { seed: sae.seed }),
      ...(sae.threads === undefined || sae.threads === null ? {} : { threads: sae.threads }),
      mlp: { hidden: ctx.config.mlp.hiddenSize, testMse: mlp.testMse, curve: mlp.curve },
      sae: {
        architecture: sae.architecture,
        ...(sae.k === undefined ? {} : { k: sae.k }),
        features: sae.dSae,
        fve: sae.fve,
        l0: sae.l0,
        deadFraction: sae.deadFraction,
        densityLog10: { min: edges[0] ?? -6, max: edges[edges.length - 1] ?? 0, counts: sae.densityHistogram.counts },
      },
      probe: {
        mseRecovered: probe.splice.mseRecovered,
        mseClean: probe.splice.mseClean,
        mseSpliced: probe.splice.mseSpliced,
        mseZeroAblated: probe.splice.mseZeroAblated,
        monosemanticShare: probe.monosemanticShare,
        monosemanticCount: probe.monosemanticCount,
        scoredCount: probe.scoredCount,
      },
      ...(sae.sweep
        ? {
            sweep: {
              rows: sae.sweep.rows.map((r) => ({ index: r.index, label: r.label, architecture: r.architecture, k: r.k, targetL0: r.targetL0, l1Coefficient: r.l1Coefficient, dSae: r.dSae, fve: r.fve, l0: r.l0, deadFraction: r.deadFraction, split: r.split })),
              chosen: sae.sweep.chosen,
              ...(sae.sweep.batchesRead === undefined ? {} : { batchesRead: sae.sweep.batchesRead }),
              ...(sae.sweep.seconds === undefined || ctx.sourceDate ? {} : { seconds: sae.sweep.seconds }),
            },
          }
        : {}),
      files,
      // Wall times differ from run to run: left out when SOURCE_DATE_EPOCH asks for reproducible files.
      timings: ctx.sourceDate ? [] : records.flatMap((r) => (r ? [{ step: r.step, seconds: r.seconds }] : [])),
    },
    trace: probe.trace,
    features: probe.features,
  };
  const written = await stageArtifacts(ctx.out, ctx.signal, async (dir) => {
    const extra = { features: probe.features, probes: probe.probes, summary: summaryNumbers };
    // @interp/xlsx builds the workbook's XML on this thread and deflates it on zlib's thread pool, while this thread
    // renders the HTML reports (a worker thread, which the exceljs writer had, would cost more to start than it saves).
    const workbook = writeCircuitTraceXlsx(join(dir, CIRCUIT_TRACE_FILE), probe.trace, extra);
    const reports = (async () => {
      await checkCancelled(ctx.signal);
      return writeReports(dir, data);
    })();
    // Both settle before the staging folder can go away; the workbook's error first, as when it was written first.
    const [book, html] = await Promise.allSettled([workbook, reports]);
    if (book.status === 'rejected') throw book.reason;
    if (html.status === 'rejected') throw html.reason;
    const pages = html.value;
    return { circuitTrace: CIRCUIT_TRACE_FILE, ...Object.fromEntries(Object.keys(pages).map((name) => [name, name])) };
  }, ctx.sourceDate ? { zipDate: ctx.sourceDate } : {});
  ctx.log.info(`Clean, centered report saved to ${CIRCUIT_TRACE_FILE}`);
  ctx.log.info(`Logic heatmap saved to: ${written[reportFiles.heatmap]}`);
  ctx.log.info(`Stacked norm dist saved to: ${written[reportFiles.bellCurves]}`);
  ctx.log.info(`Sankey diagram saved to: ${written[reportFiles.sankey]}`);
  ctx.log.info(`Feature dashboard saved to: ${written[reportFiles.features]}`);
  ctx.log.info(`Run summary saved to: ${written[reportFiles.index]}`);
  const { circuitTrace, ...pages } = written;
  return { files: { ...(circuitTrace ? { circuitTrace } : {}), ...pages }, result: { reports: Object.keys(pages) } };
}
