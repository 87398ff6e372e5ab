#!/usr/bin/env node
// Compile one solc standard-JSON input (stdin) with solcjs and print the output JSON (stdout).
// Imports that the input does not carry are read from disk: relative to the working
// directory, then to the project's node_modules (argv[2] is the project root).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(process.argv[2] || process.cwd());
const solc = require(path.join(root, 'node_modules', 'solc'));

function findImport(importPath) {
  const candidates = [
    path.resolve(process.cwd(), importPath),
    path.resolve(root, importPath),
    path.resolve(root, 'node_modules', importPath),
  ];
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) {
      return { contents: fs.readFileSync(candidate, 'utf8') };
    }
  }
  return { error: 'File not found: ' + importPath };
}

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
  const input = Buffer.concat(chunks).toString('utf8');
  process.stdout.write(solc.compile(input, { import: findImport }));
});
