// Reads {"schema": <__schema>, "cases": [{"text", "offset"}]} on stdin; prints what
// completion.mjs suggests for each case as JSON (used by test_completion.py).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const module = await import(path.join(here, "..", "..", "mockserver", "http", "static", "completion.mjs"));
const input = JSON.parse(readFileSync(0, "utf8"));
const index = module.buildSchemaIndex(input.schema);
const answers = input.cases.map(({ text, offset, op }) => {
  if (op === "operationAt") return module.operationAt(text, offset);
  const result = module.suggest(text, offset, index);
  return { kind: result.kind, from: result.from, to: result.to, labels: result.items.map((i) => i.label), items: result.items };
});
process.stdout.write(JSON.stringify(answers));
