// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import boundaries: what each part of Vigil may import (docs/ARCHITECTURE.md, "folders"). */
const serverOrClient = [
  { group: ['**/server/**', '**/server'], message: 'shared/ is pure: it never imports server code.' },
  { group: ['**/client/**', '**/client'], message: 'shared/ is pure: it never imports client code.' },
];

/** Every server module: no client code (a later block for a folder repeats it, since its rules replace this one's). */
const serverNeverClient = { group: ['**/client/**', '**/client'], message: 'The server never imports client code: use shared/.' };

/** Two comparisons of a phase joined by || or &&: a phase group spelled by hand (name it in shared/session/phases.ts). */
const phaseGroupMessage =
  'A group of phases is named once, in shared/session/phases.ts (isOpenPhase, isClosedPhase ...): use its predicate.';
const handSpelledPhaseGroups = ['property.name', 'name'].flatMap((key) =>
  // `a.phase === 'x' || a.phase === 'y'`, and the same at the end of a longer chain (`… && phase !== 'x' && phase !== 'y'`).
  ['left', 'left.right'].map((left) => ({
    selector: `LogicalExpression[${left}.type='BinaryExpression'][right.type='BinaryExpression'][${left}.left.${key}='phase'][right.left.${key}='phase']`,
    message: phaseGroupMessage,
  })),
);

/** The client asks the policy (`may(role, action)`), never compares a role name. */
const roleNameComparisons = ['property.name', 'name'].map((key) => ({
  selector: `BinaryExpression[operator=/^[!=]==?$/][left.${key}='role'][right.type='Literal']`,
  message: 'The client asks shared/policy.ts (may(role, action)) or shared/roles.ts, never compares a role name.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts', 'server/**/*.ts', 'client/**/*.{ts,tsx}'],
    ignores: ['shared/session/phases.ts'],
    rules: { 'no-restricted-syntax': ['error', ...handSpelledPhaseGroups] },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...serverOrClient,
            // Only zod and shared's own modules: no I/O, no clock, no other library.
            { regex: '^(?!zod$)(?!\\.{1,2}/)', message: 'shared/ imports only zod and its own modules.' },
          ],
        },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'shared/ is pure: take `now` as a parameter.' }],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'no-restricted-syntax': ['error', ...handSpelledPhaseGroups, ...roleNameComparisons],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/server/**', '**/server'], message: 'The client never imports server code: use shared/.' }],
          paths: [{ name: 'socket.io-client', message: 'Only client/src/realtime/portal.ts talks to the socket.' }],
        },
      ],
    },
  },
  {
    files: ['client/src/realtime/portal.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**', '**/server'], message: 'The client never imports server code: use shared/.' }] },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [serverNeverClient] }],
    },
  },
  {
    // The store knows tables and rows, not features or transports.
    files: ['server/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            serverNeverClient,
            { regex: '^\\.\\./(?!\\.\\./shared/)', message: 'A store module imports only the store and shared/, never a feature module.' },
          ],
        },
      ],
    },
  },
  {
    // Services and commands do their work for any transport: they never import Socket.IO, Express or the handlers.
    files: [
      ...['sessions', 'clinic', 'commands', 'alarms', 'lifecycle', 'protocols', 'auth', 'record'].map(
        (folder) => `server/${folder}/**/*.ts`,
      ),
      // The device services (the transports are mllpListener.ts and gatewayNamespace.ts).
      ...['deviceService', 'hl7Admission', 'hl7Intake', 'securityEvents'].map((name) => `server/devices/${name}.ts`),
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            serverNeverClient,
            // At any depth (commands/admin/, commands/patients/ too).
            { regex: '^(\\.\\./)+(realtime|http)/', message: 'A service never imports the transport (server/realtime, server/http).' },
          ],
          paths: [
            { name: 'socket.io', message: 'A service never imports the transport.' },
            { name: 'express', message: 'A service never imports the transport.' },
          ],
        },
      ],
    },
  },
);
