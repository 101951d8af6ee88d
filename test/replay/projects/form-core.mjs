// @tanstack/form-core: TypeScript and class-heavy (FormApi, FieldApi, later FieldGroupApi:
// big classes of arrow-function fields and methods, getters, private state), published with
// its `src/*.ts`, which uses only erasable syntax, so limeade strips the types itself.
// Its imports are written for a bundler (`./utils`): the replay names the file
// (`./utils.ts`), the same way in the live and the fresh processes (sources.mjs).
// The window 1.0.0 → 1.20.0 keeps one dependency, @tanstack/store ^0.7 (0.7.7 installed for
// every step; node_modules is not live-edited).
import { withTsExtensions } from '../sources.mjs';

export default {
  name: 'form-core',
  kind: 'TypeScript, class-heavy (type stripping)',
  source: {
    type: 'npm',
    package: '@tanstack/form-core',
    root: 'src',
    include: (rel) => rel.endsWith('.ts') && !rel.endsWith('.d.ts') && !rel.includes('__tests__') && !rel.includes('.test.'),
    transform: withTsExtensions,
  },
  deps: { '@tanstack/store': '0.7.7' },
  entry: 'index.ts',
  windows: {
    short: ['1.11.3', '1.12.0', '1.12.1', '1.12.2', '1.12.3', '1.12.4'],
    long: [
      '1.0.0', '1.0.2', '1.0.5', '1.1.0', '1.1.2', '1.1.3', '1.2.2', '1.2.3', '1.2.4', '1.3.0',
      '1.3.1', '1.3.2', '1.4.0', '1.4.1', '1.5.0', '1.6.2', '1.6.3', '1.7.0', '1.9.0', '1.9.1',
      '1.10.0', '1.11.1', '1.11.2', '1.11.3', '1.12.0', '1.12.1', '1.12.2', '1.12.3', '1.12.4',
      '1.14.0', '1.14.2', '1.15.0', '1.15.1', '1.16.0', '1.17.0', '1.18.0', '1.19.0', '1.19.1',
      '1.19.2', '1.19.3', '1.19.4', '1.19.5', '1.20.0',
    ],
  },
  probe: new URL('./form-core.probe.mjs', import.meta.url),
};
