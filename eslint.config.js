// ESLint for the page's code (web/), run by scripts/check-web.sh: the
// recommended rules, browser globals, and the house rules of the page:
// modules import each other statically (no import()), no inline colours
// (colours live in style.css's variables), no console left in.
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['web/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser },
    },
    rules: {
      'no-console': 'error',
      'no-var': 'error',
      'prefer-const': 'error',
      eqeqeq: 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='section'][callee.property.name='append']",
          message: 'Use append(section, ...) from lib.js: it leaves out null, where the DOM would write "null".',
        },
        { selector: 'ImportExpression', message: 'Import modules statically (the version is in each file name, scripts/embed-web.sh).' },
        { selector: 'Literal[value=/#[0-9a-fA-F]{3,8}\\b|\\brgba?\\(|\\bhsla?\\(/]', message: 'Colours live in style.css, as variables of :root.' },
      ],
    },
  },
  {
    // boot.js runs before the modules, as a classic script.
    files: ['web/boot.js'],
    languageOptions: { sourceType: 'script' },
    rules: { 'no-var': 'off' },
  },
];
