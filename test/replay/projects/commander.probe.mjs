// The commander probe. `L` is what `require('./index.js')` gave at start: up to 11.x the
// program itself (`exports = module.exports = new Command()`, a Command instance carrying the
// classes as properties), from 12.0.0 a plain object (`exports.program = new Command()`). The
// cases ask only for what both have: `L.Command`, `L.Option`, `L.Argument`, `L.Help`,
// `L.CommanderError`, `L.InvalidArgumentError`. Nothing touches the real process: every
// command is made by the case, named, with `exitOverride()` (errors and `--help` throw a
// CommanderError instead of exiting) and `configureOutput` writing into strings at a fixed
// width without colours; argv arrays are fixed and parsed `{ from: 'user' }`. A method a
// version lacks throws a TypeError: a result like any other.
//
// `setup` keeps what a program made with the first version: a program with options, a
// subcommand tree with actions, hooks, standalone Option/Argument/Help objects and an error.
// Commands keep option values between parses before 13.0.0 (then they save and restore their
// state), so the instance cases give every option they read on every parse.

import { each as eachRow } from './serialize.mjs';

/** Runs each `[label, fn]`, a throw as `{ threw: … }` (`err`). */
const each = (rows) => eachRow(rows, err);

/** A thrown value as data: a CommanderError's code and exit code too. */
const err = (e) => (e && typeof e === 'object' ? { name: e.name, class: e.constructor?.name, code: e.code, exitCode: e.exitCode, message: String(e.message) } : String(e));

/** Output into strings at width 80, no colours (13.0.0 asks for them). */
function capture(io) {
  return {
    writeOut: (s) => { io.out += s; },
    writeErr: (s) => { io.err += s; },
    getOutHelpWidth: () => 80,
    getErrHelpWidth: () => 80,
    getOutHasColors: () => false,
    getErrHasColors: () => false,
  };
}

/** A command named `name`, exiting by throwing, writing into `io`. */
function make(L, name, io) {
  const c = new L.Command(name);
  c.exitOverride();
  c.configureOutput(capture(io));
  return c;
}

/** Parses `argv` (user arguments) with `cmd`: options, arguments, output, or the error. */
function run(cmd, io, argv, log = []) {
  io.out = '';
  io.err = '';
  const r = {};
  try {
    cmd.parse(argv, { from: 'user' });
    r.ok = true;
  } catch (e) {
    r.threw = err(e);
  }
  r.opts = cmd.opts();
  r.args = [...cmd.args];
  r.processedArgs = cmd.processedArgs ? [...cmd.processedArgs] : null;
  r.out = io.out;
  r.err = io.err;
  if (log.length) r.log = log.splice(0);
  return r;
}

/** An action that records its command's name, arguments and options. */
const act = (log, tag) => function (...a) {
  const cmd = a.at(-1);
  const opts = a.at(-2);
  log.push([tag, ...a.slice(0, -2), opts, typeof cmd?.name === 'function' ? cmd.name() : typeof cmd]);
};

/** Option or argument attributes, as far as a version has them. */
const optionView = (o) => ({
  flags: o.flags, long: o.long, short: o.short, name: typeof o.name === 'function' ? o.name() : null,
  attr: typeof o.attributeName === 'function' ? o.attributeName() : null, description: o.description,
  required: o.required, optional: o.optional, variadic: o.variadic, negate: o.negate, mandatory: o.mandatory,
  defaultValue: o.defaultValue, defaultValueDescription: o.defaultValueDescription, hidden: o.hidden,
  argChoices: o.argChoices, presetArg: o.presetArg, envVar: o.envVar, isBoolean: typeof o.isBoolean === 'function' ? o.isBoolean() : null,
});

function richCommand(L, io) {
  const c = make(L, 'tool', io);
  c.description('A tool that does things.')
    .version('1.2.3')
    .option('-v, --verbose', 'say more')
    .option('-n, --count <n>', 'how many', (v, prev) => Number(v) + (prev ?? 0), 0)
    .option('-o, --output [file]', 'where to write', 'out.txt')
    .option('--no-color', 'plain output')
    .option('-t, --tag <tags...>', 'tags')
    .requiredOption('-m, --mode <mode>', 'the mode', 'fast')
    .addOption(new L.Option('-s, --size <size>', 'a size').choices(['small', 'medium', 'large']).default('medium'))
    .addOption(new L.Option('--secret').hideHelp())
    .argument('<src>', 'source')
    .argument('[dest]', 'destination', 'here')
    .addHelpText('after', '\nExample: tool a b');
  return c;
}

export const cases = {
  'exports': (L) => ({
    classes: ['Command', 'Option', 'Argument', 'Help', 'CommanderError', 'InvalidArgumentError'].map((k) => [k, typeof L[k], L[k]?.name]),
    commandFields: Object.keys(new L.Command()).sort(),
    optionFields: Object.keys(new L.Option('-a, --all <x>')).sort(),
    argumentFields: Object.keys(new L.Argument('<x>')).sort(),
    helpFields: Object.keys(new L.Help()).sort(),
    extendsEmitter: typeof new L.Command().on === 'function' && typeof new L.Command().emit === 'function',
    programIsCommand: L.program instanceof L.Command,
  }),
  'options': (L) => {
    const io = {};
    const parse = (argv) => run(richCommand(L, io), io, argv);
    return {
      minimal: parse(['a']),
      all: parse(['-v', '-n', '2', '--count=3', '-o', '--no-color', '-t', 'x', 'y', '-m', 'slow', '-s', 'large', 'a', 'b']),
      combined: parse(['-vn5', '-ofile', 'src']),
      optionalValue: parse(['--output', 'f.txt', 'src']),
      afterDashes: parse(['src', '--', '-v', 'extra']),
      badChoice: parse(['-s', 'huge', 'a']),
      missingValue: parse(['a', '-n']),
      unknown: parse(['--nope', 'a']),
      missingArg: parse([]),
      excess: parse(['a', 'b', 'c']),
      version: parse(['-V']),
      help: parse(['--help']),
      secret: parse(['--secret', 'a']),
    };
  },
  'option objects': (L) => {
    const opts = [
      new L.Option('-a, --all'),
      new L.Option('-n, --num <n>', 'number').default(3, 'three'),
      new L.Option('--no-x'),
      new L.Option('-l, --list [items...]').preset(['p']),
      new L.Option('--camel-case-name <v>').env('LIMEADE_REPLAY_NEVER_SET'),
      new L.Option('-c, --choice <c>').choices(['a', 'b']).makeOptionMandatory(),
    ];
    return opts.map((o) => optionView(o));
  },
  'arguments': (L) => {
    const io = {};
    const log = [];
    const make2 = () => make(L, 'args', io)
      .argument('<first>', 'first', (v) => v.toUpperCase())
      .addArgument(new L.Argument('[mode]', 'a mode').choices(['x', 'y']).default('x'))
      .argument('[rest...]', 'the rest')
      .option('-f, --flag')
      .action(act(log, 'args'));
    const args = [new L.Argument('<a>', 'desc'), new L.Argument('[b...]'), new L.Argument('[c]').default(1, 'one').argOptional()];
    return {
      one: run(make2(), io, ['abc'], log),
      all: run(make2(), io, ['abc', 'y', 'r1', 'r2', '-f'], log),
      badChoice: run(make2(), io, ['abc', 'z'], log),
      none: run(make2(), io, [], log),
      objects: args.map((a) => ({ name: a.name(), required: a.required, variadic: a.variadic, description: a.description, defaultValue: a.defaultValue, argChoices: a.argChoices })),
    };
  },
  'subcommands': (L) => {
    const io = {};
    const log = [];
    const p = make(L, 'app', io).option('-g, --global', 'global flag');
    p.command('serve')
      .alias('s')
      .description('serve it')
      .option('-p, --port <port>', 'port', (v) => Number(v), 80)
      .argument('[dir]', 'directory', '.')
      .action(act(log, 'serve'));
    const b = p.command('build [targets...]').description('build them').option('--watch');
    b.action(act(log, 'build'));
    p.command('list', { isDefault: true }).action(act(log, 'list'));
    p.command('hidden', { hidden: true }).action(act(log, 'hidden'));
    const remote = p.command('remote').description('remotes');
    remote.command('add <name> <url>').action(act(log, 'remote add'));
    remote.command('remove <name>').alias('rm').action(act(log, 'remote rm'));
    const parse = (argv) => run(p, io, argv, log);
    return {
      serve: parse(['serve', '-p', '8080', 'www']),
      alias: parse(['s']),
      build: parse(['build', 'a', 'b', '--watch']),
      default: parse([]),
      nested: parse(['remote', 'add', 'origin', 'git@x']),
      nestedAlias: parse(['remote', 'rm', 'origin']),
      unknownCommand: parse(['serv']),
      help: parse(['help']),
      helpServe: parse(['help', 'serve']),
      remoteHelp: parse(['remote', '--help']),
      missing: parse(['remote', 'add', 'x']),
      names: p.commands.map((c) => [c.name(), c.aliases(), c.description()]),
      helpText: p.helpInformation(),
      remoteHelpText: remote.helpInformation(),
    };
  },
  'errors': (L) => {
    const io = {};
    const c = () => make(L, 'e', io).option('-n <n>', 'n', (v) => {
      if (!/^\d+$/.test(v)) throw new L.InvalidArgumentError('Not a number.');
      return Number(v);
    }).argument('[x]');
    const e = new L.CommanderError(3, 'my.code', 'my message');
    const i = new L.InvalidArgumentError('bad');
    return {
      invalid: run(c(), io, ['-n', 'abc']),
      valid: run(c(), io, ['-n', '12']),
      error: (() => { const x = c(); io.err = ''; try { x.error('custom failure', { exitCode: 7, code: 'custom.code' }); } catch (t) { return { threw: err(t), err: io.err }; } return 'returned'; })(),
      showHelpAfterError: (() => { const x = c(); x.showHelpAfterError('(try --help)'); return run(x, io, ['--bad']); })(),
      suggestion: (() => { const x = c().option('--verbose'); return run(x, io, ['--verbos']); })(),
      noSuggestion: (() => { const x = c().option('--verbose').showSuggestionAfterError(false); return run(x, io, ['--verbos']); })(),
      classes: [err(e), err(i), e instanceof Error, i instanceof L.CommanderError, e.nestedError],
    };
  },
  'help configuration': (L) => {
    const io = {};
    const p = make(L, 'cfg', io)
      .configureHelp({ sortSubcommands: true, sortOptions: true, showGlobalOptions: true, subcommandTerm: (cmd) => `${cmd.name()}!` })
      .usage('[stuff]')
      .option('-z, --zed', 'last letter')
      .option('-a, --alpha <a>', 'first letter with a rather long description that has to be wrapped over more than a single line of the help at eighty columns');
    p.command('zulu').description('z').option('--deep');
    p.command('alpha').description('a');
    p.helpOption('-H, --HELP', 'show the help');
    p.addHelpCommand?.('assist [cmd]', 'help with a command');
    return {
      help: p.helpInformation(),
      sub: p.commands[0].helpInformation(),
      parsed: run(p, io, ['-H']),
      assist: run(p, io, ['assist', 'zulu']),
    };
  },
  'help class': (L) => {
    const h = new L.Help();
    const io = {};
    const c = richCommand(L, io);
    c.command('sub <x>').description('a sub');
    const rows = [
      ['visibleOptions', () => h.visibleOptions(c).map((o) => o.flags)],
      ['visibleArguments', () => h.visibleArguments(c).map((a) => a.name())],
      ['visibleCommands', () => h.visibleCommands(c).map((x) => x.name())],
      ['optionTerm', () => h.visibleOptions(c).map((o) => h.optionTerm(o))],
      ['optionDescription', () => h.visibleOptions(c).map((o) => h.optionDescription(o))],
      ['argumentTerm', () => h.visibleArguments(c).map((a) => h.argumentTerm(a))],
      ['argumentDescription', () => h.visibleArguments(c).map((a) => h.argumentDescription(a))],
      ['subcommandTerm', () => h.visibleCommands(c).map((x) => h.subcommandTerm(x))],
      ['commandUsage', () => h.commandUsage(c)],
      ['commandDescription', () => h.commandDescription(c)],
      ['padWidth', () => h.padWidth(c, h)],
      ['wrap', () => h.wrap('one two three four five six seven eight nine ten eleven', 30, 4)],
      ['boxWrap', () => h.boxWrap?.('one two three four five six seven eight nine ten eleven', 20) ?? 'none'],
      ['formatHelp', () => h.formatHelp(c, h)],
    ];
    h.helpWidth = 60;
    rows.push(['formatHelp 60', () => h.formatHelp(c, h)]);
    return each(rows);
  },
  'positional and pass-through': (L) => {
    const io = {};
    const log = [];
    const p = make(L, 'pp', io).enablePositionalOptions().option('-d, --debug');
    p.command('exec <cmd> [args...]').passThroughOptions().option('-q').action(act(log, 'exec'));
    p.command('loose [args...]').allowUnknownOption().action(act(log, 'loose'));
    return {
      pass: run(p, io, ['-d', 'exec', 'ls', '-q', '-la', '--debug'], log),
      passAfter: run(p, io, ['exec', '-q', 'ls', '-q'], log),
      loose: run(p, io, ['loose', '--what', 'x', '-y'], log),
      parseOptions: make(L, 'po', io).option('-a').option('-b <v>').parseOptions(['x', '-a', '-b', '1', '--c', '--', '-a']),
    };
  },
  'hooks and async': async (L) => {
    const io = {};
    const log = [];
    const p = make(L, 'hk', io).option('-x');
    p.hook('preAction', (thisCommand, actionCommand) => { log.push(['pre', thisCommand.name(), actionCommand.name(), actionCommand.opts()]); });
    p.hook('postAction', async (thisCommand, actionCommand) => { await null; log.push(['post', actionCommand.name()]); });
    p.command('go <n>').option('--fast').action(async (n, o) => { await null; log.push(['go', n, o]); return 'done'; });
    p.on('option:x', () => log.push(['event x']));
    p.on('command:*', (ops) => log.push(['command:*', ops]));
    io.out = '';
    io.err = '';
    const out = {};
    try {
      const r = await p.parseAsync(['-x', 'go', '5', '--fast'], { from: 'user' });
      out.result = r === p;
    } catch (e) {
      out.threw = err(e);
    }
    try {
      await p.parseAsync(['nope'], { from: 'user' });
    } catch (e) {
      out.unknown = err(e);
    }
    out.log = log;
    out.err = io.err;
    return out;
  },
  'option values and sources': (L) => {
    const io = {};
    const c = make(L, 'src', io)
      .option('-a <a>', 'a', 'dflt')
      .option('-b')
      .addOption(new L.Option('--env-opt <v>').env('LIMEADE_REPLAY_NEVER_SET').default('e'));
    const r = run(c, io, ['-b']);
    return {
      ...r,
      ...each([
        ['getOptionValue', () => [c.getOptionValue('a'), c.getOptionValue('b'), c.getOptionValue('envOpt')]],
        ['sources', () => ['a', 'b', 'envOpt'].map((k) => c.getOptionValueSource(k) ?? null)],
        ['set', () => { c.setOptionValue('a', 'set'); return c.opts(); }],
        ['withSource', () => { c.setOptionValueWithSource('a', 'w', 'config'); return [c.opts().a, c.getOptionValueSource('a')]; }],
        ['optsWithGlobals', () => c.optsWithGlobals()],
      ]),
    };
  },
  'conflicts and implies': (L) => {
    const io = {};
    const c = () => make(L, 'ci', io)
      .addOption(new L.Option('--json').conflicts('csv'))
      .addOption(new L.Option('--csv'))
      .addOption(new L.Option('--quiet').implies({ logLevel: 'off' }))
      .option('--log-level <l>', 'level', 'info');
    return each([
      ['conflict', () => run(c(), io, ['--json', '--csv'])],
      ['ok', () => run(c(), io, ['--json'])],
      ['implied', () => run(c(), io, ['--quiet'])],
      ['explicit', () => run(c(), io, ['--quiet', '--log-level', 'warn'])],
    ]);
  },
  'storeOptionsAsProperties': (L) => {
    const io = {};
    const c = make(L, 'props', io).storeOptionsAsProperties().option('-p, --port <n>').option('--name <s>', 'n', 'x');
    const r = run(c, io, ['-p', '3']);
    return { ...r, port: c.port, name: c.name === undefined ? 'undefined' : typeof c.name };
  },
  'copyInheritedSettings and createCommand': (L) => {
    const io = {};
    const p = make(L, 'parent', io).configureHelp({ sortOptions: true });
    const out = each([
      ['showHelpAfterError', () => p.showHelpAfterError() === p],
      // (a command that does not exit by throwing must never be parsed: it would end the process)
      ['copy', () => { const sub = p.createCommand('child').option('-z').option('-a'); sub.copyInheritedSettings(p); return [sub.helpInformation(), run(sub, io, ['--zz'])]; }],
      ['createOption', () => optionView(p.createOption('-q, --quiet', 'quiet'))],
      ['createArgument', () => p.createArgument('<x...>', 'xs').name()],
      ['createHelp', () => typeof p.createHelp().formatHelp],
      ['summary', () => { p.command('s1').summary('short one').description('long one'); return p.helpInformation(); }],
      ['name from file', () => make(L, undefined, io).nameFromFilename('/a/b/my-tool.js').name()],
    ]);
    return out;
  },
};

/** What the app keeps from the first version. */
export function setup(L) {
  const io = { out: '', err: '' };
  const log = [];
  const prog = new L.Command('old');
  prog.exitOverride().configureOutput(capture(io));
  prog.description('made at start').version('0.0.1')
    .option('-v, --verbose', 'say more')
    .option('-n, --num <n>', 'a number', (v) => Number(v), 1);
  prog.command('serve [dir]').description('serve').option('-p, --port <p>', 'port', '80').action(act(log, 'serve'));
  prog.command('build <target>').option('--watch').action(act(log, 'build'));
  prog.hook('preAction', (t, a) => { log.push(['pre', a.name()]); });
  const option = new L.Option('-c, --color <c>', 'a colour').choices(['red', 'green']).default('red');
  const argument = new L.Argument('[file]', 'a file');
  const help = new L.Help();
  const error = new L.CommanderError(2, 'old.code', 'old message');
  const bare = new L.Command('bare');
  return { L, io, log, prog, option, argument, help, error, bare };
}

export const instanceCases = {
  'program made at start: help': (I) => each([['help', () => I.prog.helpInformation()], ['serve', () => I.prog.commands[0].helpInformation()]]),
  'program made at start: parse': (I) => ({
    serve: run(I.prog, I.io, ['-v', '-n', '2', 'serve', 'www', '-p', '8080'], I.log),
    build: run(I.prog, I.io, ['-n', '3', 'build', 'x', '--watch'], I.log),
    unknown: run(I.prog, I.io, ['-n', '4', 'nope'], I.log),
    missing: run(I.prog, I.io, ['-n', '5', 'build'], I.log),
    version: run(I.prog, I.io, ['-V'], I.log),
  }),
  'program made at start: new subcommand': (I) => {
    const sub = I.prog.command('later <x>').action(act(I.log, 'later'));
    try {
      return run(I.prog, I.io, ['-n', '6', 'later', 'y'], I.log);
    } finally {
      I.prog.commands.splice(I.prog.commands.indexOf(sub), 1);
    }
  },
  'objects made at start': (I) => each([
    ['option', () => optionView(I.option)],
    ['argument', () => [I.argument.name(), I.argument.required, I.argument.variadic]],
    ['help wrap', () => I.help.wrap('alpha beta gamma delta epsilon zeta eta theta', 20, 2)],
    ['help format', () => I.help.formatHelp(I.prog, I.help)],
    ['error', () => [err(I.error), I.error instanceof I.L.CommanderError]],
    ['option on new command', () => {
      const io = { out: '', err: '' };
      const c = make(I.L, 'n', io).addOption(I.option).addArgument(I.argument);
      return [run(c, io, ['-c', 'green', 'f']), run(c, io, ['-c', 'blue'])];
    }],
  ]),
  'bare command made at start': (I) => each([
    ['name', () => I.bare.name()],
    ['help', () => I.bare.helpInformation()],
    ['opts', () => I.bare.opts()],
  ]),
};
