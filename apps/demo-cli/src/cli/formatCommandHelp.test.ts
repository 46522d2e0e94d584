import { describe, expect, it } from 'vitest';
import { commandList } from '../commands/commandList';
import { pipelineFlags } from './commonFlags';
import { formatCommandHelp, formatMainHelp } from './formatCommandHelp';
import { parseCommandArgs } from './parseCommandArgs';

describe('commands declared once', () => {
  it('every flag a command parses is in its --help, and the help lists no flag it rejects', () => {
    for (const command of commandList) {
      const help = formatCommandHelp(command);
      expect(help).toContain(`Usage: interp ${command.name}`);
      expect(help).toMatch(/Examples?:/);
      for (const [name, spec] of Object.entries({ ...command.flags, ...(command.commonFlags ?? {}) })) {
        expect(help, `${command.name} --${name}`).toContain(`--${name}`);
        const positionals = Array.from({ length: command.positionals?.min ?? 0 }, () => 'path');
        const args = [...(spec.type === 'string' ? [`--${name}`, 'x'] : [`--${name}`]), ...positionals];
        expect(() => parseCommandArgs(command, args), `${command.name} --${name}`).not.toThrow();
      }
      const listed = [...help.matchAll(/^ {2}(?:-\w, | {4})--([\w-]+)/gm)].map((m) => m[1]);
      for (const name of listed) {
        if (name === 'help') continue;
        const spec = { ...command.flags, ...(command.commonFlags ?? {}) }[name as string];
        expect(spec, `${command.name} lists --${name}`).toBeDefined();
      }
    }
  });

  it('rejects flags a command does not declare, naming the command', () => {
    const generate = commandList.find((c) => c.name === 'generate');
    expect(generate).toBeDefined();
    expect(() => parseCommandArgs(generate!, ['--input', '1,2'])).toThrow(/interp generate: Unknown option '--input'/);
    expect(() => parseCommandArgs(generate!, ['extra'])).toThrow('interp generate: unexpected argument: extra');
    expect(parseCommandArgs(generate!, ['-h']).help).toBe(true);
  });

  it('takes positionals only where a command declares them, and names what is missing', () => {
    const inspect = commandList.find((c) => c.name === 'inspect');
    expect(inspect).toBeDefined();
    expect(parseCommandArgs(inspect!, ['acts.npy', '--json']).positionals).toEqual(['acts.npy']);
    expect(() => parseCommandArgs(inspect!, [])).toThrow('interp inspect: expects FILE|DIR');
    expect(() => parseCommandArgs(inspect!, ['a.npy', 'b.npy'])).toThrow('interp inspect: unexpected argument: b.npy');
    expect(parseCommandArgs(inspect!, ['--help']).help).toBe(true);
    expect(formatCommandHelp(inspect!)).toContain('Arguments:\n  FILE|DIR');
  });

  it('the main help lists every command', () => {
    const help = formatMainHelp(commandList, pipelineFlags);
    for (const command of commandList) expect(help).toContain(`  ${command.name} `);
  });
});
