// CI check: every SimCache Arrow file must be readable as-is by the npm `apache-arrow` package.
// Usage: node check.mjs FILE.arrow [FILE.arrow ...]   (exit code 1 if any file fails to read)
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node check.mjs FILE.arrow [FILE.arrow ...]');
  process.exit(2);
}

let failed = 0;
for (const path of files) {
  try {
    const table = tableFromIPC(readFileSync(path));
    console.log(`${path}`);
    console.log(`  rows: ${table.numRows}, batches: ${table.batches.length}`);
    console.log('  schema:');
    for (const field of table.schema.fields) {
      console.log(`    ${field.name}: ${field.type}${field.nullable ? '' : ' not null'}`);
    }
    console.log('  metadata:');
    for (const [k, v] of [...table.schema.metadata.entries()].sort()) console.log(`    ${k} = ${v}`);
    if (table.numRows > 0) {
      const row = table.get(0);
      for (const name of ['embedding', 'weight', 'answer', 'future']) {
        const col = table.getChild(name);
        if (!col) continue;
        const value = row[name];
        console.log(`  first row ${name}: length ${value.length} [${Array.from(value).slice(0, 4).join(', ')}${value.length > 4 ? ', ...' : ''}]`);
      }
      if (table.getChild('bias')) console.log(`  first row bias: ${row.bias}`);
      const dim = table.schema.metadata.get('simcache.dimension');
      if (dim !== undefined) {
        // The vector column is 'embedding' (embeddings, trace) or 'weight' (decoder).
        const vectorName = table.getChild('embedding') ? 'embedding' : 'weight';
        const vector = row[vectorName];
        if (!vector) throw new Error(`simcache.dimension is ${dim} but there is no 'embedding' or 'weight' column`);
        if (vector.length !== Number(dim)) {
          throw new Error(`first ${vectorName} has ${vector.length} values, simcache.dimension is ${dim}`);
        }
      }
    }
  } catch (err) {
    failed++;
    console.error(`${path}: FAILED: ${err.message}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
