// The cac probe. `L` is the bundle's namespace: `cac` (the factory, also the default export),
// `CAC` and `Command` in every version of the window. Every case builds CLIs from fixed
// definitions (commands with required, optional and variadic arguments, aliases, a default
// command, global and command options with defaults, negations, dot-nested names, `type`
// transforms, examples, a help callback, a version), parses fixed argv arrays with
// `parse(argv, { run: false })` and returns what came out (args, options, the matched command),
// then runs the matched command by hand (`runMatchedCommand()`, which checks unknown options,
// option values and required args and throws a CACError) with actions that return what they
// received. Help and version text go to `console.log` (6.x) or `console.info` (7.0): both are
// captured for the call. Events: `on` (an EventEmitter, 6.x) or `addEventListener` (an
// EventTarget, 7.0), whichever the CLI has.
//
// `setup` does what a program does once: a CLI built at start with commands, actions, options,
// help and version, and a listener; `instanceCases` parse fixed argv arrays with it again, print
// its help, run its actions. Each run first clears what the last parse left on it
// (`matchedCommand`, `matchedCommandName`), so every run sees the same CLI.
import { each } from './serialize.mjs';

/** Runs `fn` with console.log/info captured: `{ value | threw, out }`. */
function captured(fn) {
  const out = [];
  const { log, info } = console;
  console.log = (...a) => out.push(a.join(' '));
  console.info = (...a) => out.push(a.join(' '));
  try {
    return { value: fn(), out };
  } catch (e) {
    return { threw: error(e), out };
  } finally {
    console.log = log;
    console.info = info;
  }
}

const error = (e) => ({ name: e?.name, class: e?.constructor?.name, message: e?.message, isError: e instanceof Error });

const argv = (...args) => ['node', '/usr/bin/app.js', ...args];

/** Events the CLI emits, recorded by name (with their detail's name where there is one). */
function listen(cli, names) {
  const seen = [];
  for (const name of names) {
    const record = (x) => seen.push([name, x?.detail?.name ?? x?.name ?? (typeof x?.detail === 'string' ? x.detail : null)]);
    if (typeof cli.on === 'function') cli.on(name, record);
    else if (typeof cli.addEventListener === 'function') cli.addEventListener(name, record);
  }
  return seen;
}

/** A parse's result as a program reads it, and what the CLI holds after. */
const parsed = (cli, r) => ({
  args: r.args,
  options: r.options,
  cliArgs: cli.args,
  matched: cli.matchedCommand ? cli.matchedCommand.name : null,
  matchedName: cli.matchedCommandName ?? null,
  rawArgs: cli.rawArgs.length,
  name: cli.name,
});

/** A CLI with commands whose actions return what they were given. */
function build(L) {
  const cli = L.cac('tool');
  cli.option('--verbose, -V', 'Verbose output');
  cli.option('--level <n>', 'A level', { default: 2 });
  cli.option('--env.* [value]', 'Env values');
  cli.command('build <entry> [out]', 'Build a thing')
    .alias('b')
    .option('--minify', 'Minify it')
    .option('--target <target>', 'Target', { default: 'es2020' })
    .option('--no-clean', 'Keep the output folder')
    .option('--define <kv>', 'Defines', { type: [String] })
    .example('tool build src/index.js dist')
    .action((entry, out, options) => ({ cmd: 'build', entry, out: out ?? null, options }));
  cli.command('serve [...dirs]', 'Serve folders')
    .option('--port <port>', 'Port', { default: 3000 })
    .option('-H, --host [host]', 'Host')
    .action((dirs, options) => ({ cmd: 'serve', dirs, options }));
  cli.command('lint', 'Lint, allowing unknown options').allowUnknownOptions().action((options) => ({ cmd: 'lint', options }));
  cli.command('[...files]', 'Default command').option('--watch', 'Watch').action((files, options) => ({ cmd: 'default', files, options }));
  cli.help();
  cli.version('1.2.3');
  return cli;
}

/** Parses with run: false, then runs the matched command by hand: both results. */
function runArgv(cli, args) {
  cli.matchedCommand = undefined;
  cli.matchedCommandName = undefined;
  return captured(() => {
    const r = cli.parse(argv(...args), { run: false });
    const view = parsed(cli, r);
    let ran;
    try {
      ran = { value: cli.runMatchedCommand() ?? null };
    } catch (e) {
      ran = { threw: error(e) };
    }
    return { ...view, ran };
  });
}

const ARGVS = [
  [],
  ['build', 'src/a.js'],
  ['build', 'src/a.js', 'dist', '--minify', '--target', 'node18'],
  ['b', 'src/a.js', '--no-clean', '--define', 'A=1', '--define', 'B=2'],
  ['build', 'src/a.js', '--define', 'X'],
  ['build'],
  ['build', 'x', '--unknown'],
  ['build', 'x', '--target'],
  ['serve'],
  ['serve', 'a', 'b', 'c', '--port', '8080', '-H'],
  ['serve', '--host', 'example.com', '--', 'after', '--dash'],
  ['lint', '--anything', '--foo-bar', 'baz'],
  ['file1', 'file2', '--watch'],
  ['--verbose', '--level', '5', 'x'],
  ['-V', '--env.NODE_ENV', 'production', '--env.DEBUG'],
  ['--level'],
  ['--some-camel-case', 'v', 'build', 'y'],
  ['-abc'],
  ['--no-verbose'],
  ['build', 'x', '--level=7', '--target=es5'],
];

export const cases = {
  'exports': (L) => ({
    names: Object.keys(L).sort().map((k) => [k, typeof L[k]]),
    defaultIsCac: L.default === L.cac,
    CAC: Object.getOwnPropertyNames(L.CAC.prototype).sort(),
    Command: Object.getOwnPropertyNames(L.Command.prototype).sort(),
    cliIsCAC: L.cac() instanceof L.CAC,
  }),
  'parse': (L) => each(ARGVS.map((args) => [args.join(' ') || '(none)', () => runArgv(build(L), args)])),
  'help': (L) => each([
    ['global', () => captured(() => build(L).outputHelp())],
    ['--help', () => runArgv(build(L), ['--help'])],
    ['command --help', () => runArgv(build(L), ['build', '--help'])],
    ['alias --help', () => runArgv(build(L), ['b', '-h'])],
    ['callback', () => {
      const cli = L.cac('cb');
      cli.command('x', 'X').option('--y', 'Y');
      cli.help((sections) => [...sections, { title: 'Extra', body: `  ${sections.length} sections` }]);
      return captured(() => cli.parse(argv('--help'), { run: false }));
    }],
    ['examples', () => {
      const cli = L.cac('ex');
      cli.example('ex run').example((name) => `${name} fn-example`);
      cli.usage('[options] <thing>');
      cli.help();
      return captured(() => cli.outputHelp());
    }],
    ['no commands', () => { const cli = L.cac('solo'); cli.option('--a <a>', 'A', { default: 'x' }); cli.help(); return captured(() => cli.outputHelp()); }],
    ['unnamed', () => { const cli = L.cac(); cli.help(); return captured(() => cli.parse(['node', '/x/y/bin-name', '-h'], { run: false }).options); }],
  ]),
  'version': (L) => each([
    ['-v', () => runArgv(build(L), ['-v'])],
    ['--version', () => runArgv(build(L), ['--version'])],
    ['command -v', () => runArgv(build(L), ['build', 'x', '-v'])],
    ['custom flags', () => { const cli = L.cac('cf'); cli.version('0.0.1', '-V, --ver'); return captured(() => cli.parse(argv('--ver'), { run: false }).options); }],
    ['outputVersion', () => { const cli = L.cac('ov'); cli.version('9.9.9'); return captured(() => cli.outputVersion()); }],
    ['no version', () => captured(() => L.cac('nv').outputVersion())],
  ]),
  'errors': (L) => each([
    ['missing arg', () => runArgv(build(L), ['build']).value?.ran],
    ['unknown option', () => runArgv(build(L), ['serve', '--nope']).value?.ran],
    ['unknown short', () => runArgv(build(L), ['serve', '-z']).value?.ran],
    ['missing value', () => runArgv(build(L), ['build', 'a', '--target']).value?.ran],
    ['run: true', () => captured(() => build(L).parse(argv('build')))],
    ['run: true ok', () => captured(() => build(L).parse(argv('serve', 'd')))],
    ['global unknown', () => { const cli = L.cac('g'); cli.command('', 'root').action(() => 'ran'); return captured(() => cli.parse(argv('--zzz'))); }],
  ]),
  'options': (L) => each([
    ['option objects', () => {
      const cli = build(L);
      const cmd = cli.commands.find((c) => c.name === 'build');
      return [...cli.globalCommand.options, ...cmd.options].map((o) => ({ rawName: o.rawName, name: o.name, names: o.names, required: o.required ?? null, isBoolean: o.isBoolean ?? null, negated: o.negated ?? null, config: { default: o.config.default ?? null, type: Array.isArray(o.config.type) ? 'array' : typeof o.config.type } }));
    }],
    ['commands', () => build(L).commands.map((c) => ({ rawName: c.rawName, name: c.name, aliasNames: c.aliasNames, args: c.args, description: c.description, isDefault: c.isDefaultCommand, isGlobal: c.isGlobalCommand, config: c.config }))],
    ['hasOption', () => { const cmd = build(L).commands[0]; return ['minify', 'target', 'clean', 'nope', 'target.x'].map((n) => Boolean(cmd.hasOption(n))); }],
    ['isMatched', () => { const cmd = build(L).commands[0]; return ['build', 'b', 'x', ''].map((n) => cmd.isMatched(n)); }],
    ['ignoreOptionDefaultValue', () => { const cli = L.cac('i'); cli.option('--d <d>', 'D', { default: 'dv' }); cli.command('c', 'C').ignoreOptionDefaultValue().option('--e <e>', 'E', { default: 'ev' }); return [cli.parse(argv('c'), { run: false }).options, cli.parse(argv(), { run: false }).options]; }],
    ['negated default', () => { const cli = L.cac('n'); cli.option('--no-color', 'No color'); cli.option('--no-x', 'No x', { default: false }); return [argv(), argv('--no-color'), argv('--color'), argv('--no-x')].map((a) => cli.parse(a, { run: false }).options); }],
    ['type transform', () => { const cli = L.cac('t'); cli.option('--n <n>', 'N', { type: [Number] }); cli.option('--s [s]', 'S', { type: [] }); return [argv('--n', '1', '--n', '2.5'), argv('--n', '7'), argv('--s'), argv()].map((a) => cli.parse(a, { run: false }).options); }],
  ]),
  'events': (L) => each([
    ['matched', () => { const cli = build(L); const seen = listen(cli, ['command:build', 'command:serve', 'command:!', 'command:*']); cli.parse(argv('b', 'x'), { run: false }); cli.parse(argv('serve'), { run: false }); return seen; }],
    ['default', () => { const cli = build(L); const seen = listen(cli, ['command:!', 'command:*']); cli.parse(argv('a', 'b'), { run: false }); return seen; }],
    ['unmatched', () => { const cli = L.cac('u'); cli.command('x', 'X'); const seen = listen(cli, ['command:*', 'command:!']); cli.parse(argv('y'), { run: false }); return [seen, cli.args]; }],
  ]),
};

/** A program's CLI, built once at start with the first version. */
export function setup(L) {
  const cli = build(L);
  const seen = listen(cli, ['command:build', 'command:*']);
  const build0 = cli.commands[0];
  return { cli, seen, build0, parse: (args) => cli.parse(argv(...args), { run: false }) };
}

export const instanceCases = {
  'kept cli parse': (I) => each(ARGVS.slice(0, 14).map((args) => [args.join(' ') || '(none)', () => runArgv(I.cli, args)])),
  'kept cli help': (I) => each([
    ['global', () => { I.cli.matchedCommand = undefined; I.cli.matchedCommandName = undefined; return captured(() => I.cli.outputHelp()); }],
    ['command', () => captured(() => I.build0.outputHelp())],
    ['version', () => captured(() => I.cli.outputVersion())],
  ]),
  'kept command': (I) => each([
    ['hasOption', () => ['minify', 'target', 'nope'].map((n) => Boolean(I.build0.hasOption(n)))],
    ['isMatched', () => ['build', 'b', 'x'].map((n) => I.build0.isMatched(n))],
    ['flags', () => [I.build0.isDefaultCommand, I.build0.isGlobalCommand, I.cli.globalCommand.isGlobalCommand]],
  ]),
  'kept closure': (I) => each([
    ['parse', () => { I.cli.matchedCommand = undefined; I.cli.matchedCommandName = undefined; const r = I.parse(['b', 'src', '--minify']); return parsed(I.cli, r); }],
    ['events', () => I.seen.length > 0],
  ]),
};
