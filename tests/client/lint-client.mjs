#!/usr/bin/env node
/*
 * The typed client must be typed by the document alone: no cast (`as`,
 * `<T>x`), no `any`, no non-null assertion (`x!`), no optional chaining
 * (`?.`: a full item has every field) and no @ts-ignore or @ts-expect-error.
 * Reads the files named (TypeScript's own parser), prints each offence with
 * its line and exits 1 if there is any.
 *   node tests/client/lint-client.mjs tests/client/client.ts
 */
import { readFileSync } from 'node:fs';

import ts from 'typescript';

let offences = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const report = (node, what) => {
    const { line, character } = src.getLineAndCharacterOfPosition(node.getStart(src));
    console.log(`${file}:${line + 1}:${character + 1}: ${what}: ${node.getText(src).slice(0, 60)}`);
    offences++;
  };
  const visit = (node) => {
    if (ts.isAsExpression(node)) report(node, 'a cast (as)');
    else if (ts.isTypeAssertionExpression(node)) report(node, 'a cast (<T>)');
    else if (ts.isNonNullExpression(node)) report(node, 'a non-null assertion (!)');
    else if (node.kind === ts.SyntaxKind.AnyKeyword) report(node, 'any');
    else if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) && node.questionDotToken) {
      report(node, 'optional chaining (?.)');
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  for (const m of text.matchAll(/@ts-(ignore|expect-error|nocheck)/g)) {
    const { line } = src.getLineAndCharacterOfPosition(m.index);
    console.log(`${file}:${line + 1}: @ts-${m[1]}`);
    offences++;
  }
}
if (offences) {
  console.log(`lint-client: ${offences} offences`);
  process.exit(1);
}
