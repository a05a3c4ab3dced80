// Completion for GraphQL documents from an introspection result: no DOM, no dependencies.
//
// suggest(text, offset, index) answers "what may be typed at this cursor?": the document before
// the cursor is tokenized and walked with a stack of frames (operation, selection set on a type,
// arguments of a field, input object, list, variable definitions), so the answer follows the
// selection path: fields of the type at the cursor, arguments inside parentheses (minus those
// already given), enum values and input fields for argument values, type conditions after
// `... on`, input types in variable definitions, directives after `@`.

const PUNCTUATORS = new Set(["!", "$", "&", "(", ")", ":", "=", "@", "[", "]", "{", "|", "}"]);
const NAME_START = /[_A-Za-z]/;
const NAME_PART = /[_0-9A-Za-z]/;

export const INTROSPECTION_QUERY = `query ExplorerIntrospection {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
}`;

/** An index over an introspection `__schema`: types by name and the root type names. */
export function buildSchemaIndex(schema) {
  const types = new Map();
  for (const type of schema.types || []) types.set(type.name, type);
  return {
    types,
    query: schema.queryType ? schema.queryType.name : null,
    mutation: schema.mutationType ? schema.mutationType.name : null,
    subscription: schema.subscriptionType ? schema.subscriptionType.name : null,
    directives: schema.directives || [],
  };
}

/** `[Post!]!` for a type reference. */
export function typeToString(ref) {
  if (!ref) return "";
  if (ref.kind === "NON_NULL") return typeToString(ref.ofType) + "!";
  if (ref.kind === "LIST") return "[" + typeToString(ref.ofType) + "]";
  return ref.name;
}

/** The named type under any list / non-null wrappers. */
export function namedTypeName(ref) {
  let current = ref;
  while (current && (current.kind === "NON_NULL" || current.kind === "LIST")) current = current.ofType;
  return current ? current.name : null;
}

function unwrapNonNull(ref) {
  return ref && ref.kind === "NON_NULL" ? ref.ofType : ref;
}

/** Tokens of a GraphQL document: {kind: "name"|"punct"|"spread"|"string"|"number", value, start, end}. */
export function tokenize(text) {
  const tokens = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === "#") {
      while (i < n && text[i] !== "\n" && text[i] !== "\r") i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "," || c === "\ufeff") {
      i++;
      continue;
    }
    const start = i;
    if (text.startsWith('"""', i)) {
      i += 3;
      while (i < n && !text.startsWith('"""', i)) i += text[i] === "\\" && text.startsWith('\\"""', i) ? 4 : 1;
      const closed = i < n;
      i = closed ? i + 3 : n;
      tokens.push({ kind: "string", value: text.slice(start, i), start, end: i, closed });
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"' && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      const closed = i < n && text[i] === '"';
      i = closed ? i + 1 : Math.min(i, n);
      tokens.push({ kind: "string", value: text.slice(start, i), start, end: i, closed });
      continue;
    }
    if (text.startsWith("...", i)) {
      i += 3;
      tokens.push({ kind: "spread", value: "...", start, end: i });
      continue;
    }
    if (NAME_START.test(c)) {
      while (i < n && NAME_PART.test(text[i])) i++;
      tokens.push({ kind: "name", value: text.slice(start, i), start, end: i });
      continue;
    }
    if (c === "-" || (c >= "0" && c <= "9")) {
      i++;
      while (i < n && /[0-9.eE+-]/.test(text[i])) i++;
      tokens.push({ kind: "number", value: text.slice(start, i), start, end: i });
      continue;
    }
    tokens.push({ kind: PUNCTUATORS.has(c) ? "punct" : "unknown", value: c, start, end: i + 1 });
    i++;
  }
  return tokens;
}

function fieldsOf(index, typeName) {
  const type = typeName ? index.types.get(typeName) : null;
  return type && type.fields ? type.fields : [];
}

function fieldDef(index, typeName, name) {
  if (name === "__typename") return { name, args: [], type: { kind: "NON_NULL", ofType: { kind: "SCALAR", name: "String" } } };
  if (name === "__schema" && typeName === index.query) return { name, args: [], type: { kind: "OBJECT", name: "__Schema" } };
  if (name === "__type" && typeName === index.query) {
    return { name, args: [{ name: "name", type: { kind: "NON_NULL", ofType: { kind: "SCALAR", name: "String" } } }], type: { kind: "OBJECT", name: "__Type" } };
  }
  return fieldsOf(index, typeName).find((f) => f.name === name) || null;
}

// --- the walk: frames -------------------------------------------------------------------------
// doc                       top level
// op {root, state}          after query/mutation/subscription, before its selection set
// frag {state, on}          after `fragment`
// vardefs {state, type}     ( $a: T = v, ... ) of an operation
// sel {type, state, field}  a selection set on `type`; state: field | afterField | spread | typeCond | afterTypeCond
// args {args, state, arg, used, field}   ( name: value ... ) of a field or directive
// obj {type, state, field, used}         { name: value ... } of an input object value
// list {type}                            [ value ... ]
// The value states ("value" in args/obj, and list) take one value, then return to "name".

function rootTypeOf(index, keyword) {
  if (keyword === "mutation") return index.mutation;
  if (keyword === "subscription") return index.subscription;
  return index.query;
}

function walk(tokens, index) {
  const stack = [{ kind: "doc" }];
  let pendingDirective = false; // `@name` seen: its `(` opens directive arguments
  let directiveName = null;
  const top = () => stack[stack.length - 1];

  const valueDone = () => {
    const frame = top();
    if (frame.kind === "args" || frame.kind === "obj") frame.state = "name";
    if (frame.kind === "vardefs") frame.state = "var";
  };

  const openValue = (token, typeRef) => {
    // A value token where a value of `typeRef` is expected (args/obj "value" state or a list).
    if (token.value === "{") {
      stack.push({ kind: "obj", type: namedTypeName(typeRef), state: "name", field: null, used: new Set() });
      return true;
    }
    if (token.value === "[") {
      const inner = unwrapNonNull(typeRef);
      stack.push({ kind: "list", type: inner && inner.kind === "LIST" ? inner.ofType : inner });
      return true;
    }
    if (token.value === "$") {
      top().awaitingVariable = true;
      return true;
    }
    return false;
  };

  for (const token of tokens) {
    const frame = top();
    const v = token.value;
    if (token.kind === "punct" && v === "@") {
      pendingDirective = true;
      directiveName = null;
      frame.afterAt = true;
      continue;
    }
    if (frame.afterAt) {
      frame.afterAt = false;
      if (token.kind === "name") {
        directiveName = v;
        continue;
      }
    }
    if (pendingDirective && token.kind === "punct" && v === "(" && directiveName) {
      const directive = index.directives.find((d) => d.name === directiveName);
      stack.push({ kind: "args", args: directive ? directive.args : [], state: "name", arg: null, used: new Set() });
      pendingDirective = false;
      continue;
    }
    pendingDirective = false;

    if (frame.awaitingVariable) {
      frame.awaitingVariable = false;
      if (token.kind === "name") {
        if (frame.kind === "list") continue;
        valueDone();
        continue;
      }
    }

    switch (frame.kind) {
      case "doc":
        if (token.kind === "name" && (v === "query" || v === "mutation" || v === "subscription")) {
          stack.push({ kind: "op", root: rootTypeOf(index, v), state: "name" });
        } else if (token.kind === "name" && v === "fragment") {
          stack.push({ kind: "frag", state: "name", on: null });
        } else if (v === "{") {
          stack.push({ kind: "sel", type: index.query, state: "field", field: null });
        }
        break;
      case "op":
        if (v === "(") stack.push({ kind: "vardefs", state: "var", type: null });
        else if (v === "{") {
          stack.pop();
          stack.push({ kind: "sel", type: frame.root, state: "field", field: null });
        }
        break;
      case "frag":
        if (token.kind === "name") {
          if (frame.state === "name") frame.state = "on";
          else if (frame.state === "on" && v === "on") frame.state = "typeCond";
          else if (frame.state === "typeCond") {
            frame.on = v;
            frame.state = "body";
          }
        } else if (v === "{") {
          stack.pop();
          stack.push({ kind: "sel", type: frame.on, state: "field", field: null });
        }
        break;
      case "vardefs":
        if (v === ")") stack.pop();
        else if (v === "$") frame.state = "varName";
        else if (frame.state === "varName" && token.kind === "name") frame.state = "colon";
        else if (v === ":") frame.state = "type";
        else if (frame.state === "type" && token.kind === "name") {
          frame.type = { kind: "NAMED", name: v };
          frame.state = "afterType";
        } else if (v === "=") frame.state = "default";
        else if (frame.state === "default") {
          if (!openValue(token, frame.type)) frame.state = "var";
        }
        break;
      case "sel":
        if (v === "}") {
          stack.pop();
          break;
        }
        if (token.kind === "spread") {
          frame.state = "spread";
          break;
        }
        if (frame.state === "spread") {
          if (token.kind === "name" && v === "on") frame.state = "typeCond";
          else if (v === "{") stack.push({ kind: "sel", type: frame.type, state: "field", field: null });
          else frame.state = "field"; // a named fragment spread
          break;
        }
        if (frame.state === "typeCond") {
          if (token.kind === "name") {
            frame.cond = v;
            frame.state = "afterTypeCond";
          }
          break;
        }
        if (frame.state === "afterTypeCond") {
          if (v === "{") {
            frame.state = "field";
            stack.push({ kind: "sel", type: frame.cond, state: "field", field: null });
          }
          break;
        }
        if (token.kind === "name") {
          if (frame.state === "alias") frame.state = "field";
          frame.field = fieldDef(index, frame.type, v);
          frame.fieldName = v;
          frame.state = "afterField";
        } else if (v === ":" && frame.state === "afterField") {
          frame.field = null;
          frame.state = "alias";
        } else if (v === "(" && frame.state === "afterField") {
          stack.push({
            kind: "args",
            args: frame.field ? frame.field.args : [],
            state: "name",
            arg: null,
            used: new Set(),
          });
        } else if (v === "{" && frame.state === "afterField") {
          frame.state = "field";
          stack.push({ kind: "sel", type: frame.field ? namedTypeName(frame.field.type) : null, state: "field", field: null });
        }
        break;
      case "args":
      case "obj": {
        const closer = frame.kind === "args" ? ")" : "}";
        if (v === closer) {
          stack.pop();
          if (frame.kind === "obj") valueDone();
          break;
        }
        if (frame.state === "name" && token.kind === "name") {
          const defs = frame.kind === "args" ? frame.args : inputFieldsOf(index, frame.type);
          frame.arg = defs.find((a) => a.name === v) || null;
          frame.used.add(v);
          frame.state = "colon";
        } else if (frame.state === "colon" && v === ":") {
          frame.state = "value";
        } else if (frame.state === "value") {
          if (!openValue(token, frame.arg ? frame.arg.type : null)) frame.state = "name";
        }
        break;
      }
      case "list":
        if (v === "]") {
          stack.pop();
          valueDone();
        } else {
          openValue(token, frame.type);
        }
        break;
      default:
        break;
    }
  }
  return { stack, pendingDirective };
}

function inputFieldsOf(index, typeName) {
  const type = typeName ? index.types.get(typeName) : null;
  return type && type.inputFields ? type.inputFields : [];
}

function inComment(text, offset) {
  const line = text.slice(text.lastIndexOf("\n", offset - 1) + 1, offset);
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\" && quoted) i++;
    else if (line[i] === '"') quoted = !quoted;
    else if (line[i] === "#" && !quoted) return true;
  }
  return false;
}

/** What is expected at `offset`: {kind, ...} (see suggest()). */
export function contextAt(text, offset, index) {
  if (inComment(text, offset)) return { kind: "none", prefix: "" };
  const tokens = tokenize(text.slice(0, offset));
  let prefix = "";
  let last = tokens[tokens.length - 1];
  if (last && (last.kind === "string" || last.kind === "number") && last.end === offset) {
    if (last.kind === "number" || !last.closed) return { kind: "none", prefix: "" };
  }
  if (last && last.kind === "name" && last.end === offset) {
    prefix = last.value;
    tokens.pop();
    last = tokens[tokens.length - 1];
  }
  if (last && last.kind === "string" && !last.closed) return { kind: "none", prefix };
  const { stack } = walk(tokens, index);
  const frame = stack[stack.length - 1];
  const from = offset - prefix.length;
  if (frame.afterAt) return { kind: "directive", prefix, from };
  if (frame.awaitingVariable) return { kind: "variable", prefix, from, typeRef: variableTarget(frame) };
  switch (frame.kind) {
    case "doc":
      return { kind: "keyword", prefix, from };
    case "frag":
      return frame.state === "typeCond" ? { kind: "typeCondition", prefix, from, typeName: null } : { kind: "none", prefix };
    case "vardefs":
      return frame.state === "type" ? { kind: "inputType", prefix, from } : { kind: "none", prefix };
    case "sel":
      if (frame.state === "typeCond") return { kind: "typeCondition", prefix, from, typeName: frame.type };
      if (frame.state === "spread") return { kind: "spread", prefix, from, typeName: frame.type };
      if (frame.state === "afterTypeCond") return { kind: "none", prefix };
      return { kind: "field", prefix, from, typeName: frame.type };
    case "args":
      if (frame.state === "name") return { kind: "argument", prefix, from, args: frame.args, used: frame.used };
      if (frame.state === "value") return { kind: "value", prefix, from, typeRef: frame.arg ? frame.arg.type : null };
      return { kind: "none", prefix };
    case "obj":
      if (frame.state === "name") return { kind: "inputField", prefix, from, typeName: frame.type, used: frame.used };
      if (frame.state === "value") return { kind: "value", prefix, from, typeRef: frame.arg ? frame.arg.type : null };
      return { kind: "none", prefix };
    case "list":
      return { kind: "value", prefix, from, typeRef: frame.type };
    default:
      return { kind: "none", prefix };
  }
}

function variableTarget(frame) {
  if (frame.kind === "list") return frame.type;
  return frame.arg ? frame.arg.type : null;
}

function item(label, kind, detail, description, deprecated, insert) {
  return { label, kind, detail: detail || "", description: description || "", deprecated: Boolean(deprecated), insert: insert || label };
}

function variablesDeclared(text) {
  const names = [];
  const re = /\$([_A-Za-z][_0-9A-Za-z]*)\s*:/g;
  let match;
  while ((match = re.exec(text)) !== null) if (!names.includes(match[1])) names.push(match[1]);
  return names;
}

function fragmentNames(text) {
  const names = [];
  const re = /\bfragment\s+([_A-Za-z][_0-9A-Za-z]*)/g;
  let match;
  while ((match = re.exec(text)) !== null) names.push(match[1]);
  return names;
}

function candidates(context, index, text) {
  switch (context.kind) {
    case "keyword":
      return ["query", "mutation", "subscription", "fragment"].map((k) => item(k, "keyword"));
    case "field": {
      const type = context.typeName ? index.types.get(context.typeName) : null;
      if (!type) return [];
      const items = (type.fields || []).map((f) =>
        item(f.name, "field", typeToString(f.type), f.description, f.isDeprecated),
      );
      items.push(item("__typename", "field", "String!", "The name of the object's type"));
      if (type.kind === "UNION" || type.kind === "INTERFACE") items.push(item("... on", "keyword", "inline fragment", "", false, "... on "));
      return items;
    }
    case "typeCondition": {
      const type = context.typeName ? index.types.get(context.typeName) : null;
      let names;
      if (type && type.possibleTypes && type.possibleTypes.length) names = [type.name, ...type.possibleTypes.map((t) => t.name)];
      else if (type) names = [type.name];
      else names = [...index.types.values()].filter((t) => ["OBJECT", "INTERFACE", "UNION"].includes(t.kind) && !t.name.startsWith("__")).map((t) => t.name);
      return names.map((name) => item(name, "type", (index.types.get(name) || {}).kind, (index.types.get(name) || {}).description));
    }
    case "spread":
      return [item("on", "keyword", "inline fragment"), ...fragmentNames(text).map((n) => item(n, "fragment"))];
    case "argument":
      return context.args
        .filter((a) => !context.used.has(a.name))
        .map((a) => item(a.name, "argument", typeToString(a.type), a.description, false, a.name + ": "));
    case "inputField":
      return inputFieldsOf(index, context.typeName)
        .filter((a) => !context.used.has(a.name))
        .map((a) => item(a.name, "input field", typeToString(a.type), a.description, false, a.name + ": "));
    case "value":
      return valueCandidates(context.typeRef, index, text);
    case "variable":
      return variablesDeclared(text).map((n) => item(n, "variable"));
    case "inputType":
      return [...index.types.values()]
        .filter((t) => ["INPUT_OBJECT", "SCALAR", "ENUM"].includes(t.kind) && !t.name.startsWith("__"))
        .map((t) => item(t.name, "type", t.kind, t.description));
    case "directive":
      return index.directives.map((d) => item(d.name, "directive", (d.locations || []).join(" | "), d.description));
    default:
      return [];
  }
}

function valueCandidates(typeRef, index, text) {
  const name = namedTypeName(typeRef);
  const type = name ? index.types.get(name) : null;
  const items = [];
  if (type && type.kind === "ENUM") {
    for (const value of type.enumValues || []) items.push(item(value.name, "enum value", name, value.description, value.isDeprecated));
  } else if (name === "Boolean") {
    items.push(item("true", "value", "Boolean"), item("false", "value", "Boolean"));
  } else if (type && type.kind === "INPUT_OBJECT") {
    items.push(item("{", "value", name, "an input object", false, "{ "));
  }
  for (const variable of variablesDeclared(text)) items.push(item("$" + variable, "variable", "", "", false, "$" + variable));
  return items;
}

function rank(entry, lower) {
  const label = entry.label.toLowerCase();
  if (!lower) return 0;
  if (label.startsWith(lower)) return 0;
  if (label.includes(lower)) return 1;
  return -1;
}

/**
 * Completions at `offset`: {from, to, kind, exact, items: [{label, kind, detail, description, deprecated, insert}]}.
 * `exact` says the word at the cursor already is a complete candidate (which is left out of `items`).
 */
export function suggest(text, offset, index) {
  const context = contextAt(text, offset, index);
  if (context.kind === "none") return { from: offset, to: offset, kind: "none", items: [] };
  const lower = context.prefix.toLowerCase();
  const scored = [];
  let exact = false;
  candidates(context, index, text).forEach((entry, position) => {
    const score = rank(entry, lower);
    if (entry.label === context.prefix) exact = true;
    else if (score >= 0) scored.push({ entry, score, position });
  });
  scored.sort((a, b) => a.score - b.score || Number(a.entry.deprecated) - Number(b.entry.deprecated) || a.position - b.position);
  let to = offset;
  while (to < text.length && NAME_PART.test(text[to])) to++;
  return { from: context.from, to, kind: context.kind, exact, items: scored.map((s) => s.entry) };
}

/** The operation whose text contains `offset` (its name, or null) and how many operations there are. */
export function operationAt(text, offset) {
  const tokens = tokenize(text);
  const operations = [];
  let depth = 0;
  let current = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (depth === 0 && !current) {
      if (token.kind === "name" && ["query", "mutation", "subscription", "fragment"].includes(token.value)) {
        const next = tokens[i + 1];
        const named = next && next.kind === "name" && next.value !== "on";
        current = { keyword: token.value, name: named ? next.value : null, start: token.start, end: text.length };
        continue;
      }
      if (token.value === "{") current = { keyword: "query", name: null, start: token.start, end: text.length };
    }
    if (token.value === "{" || token.value === "(") depth++;
    else if (token.value === "}" || token.value === ")") {
      depth = Math.max(0, depth - 1);
      if (depth === 0 && token.value === "}" && current) {
        current.end = token.end;
        operations.push(current);
        current = null;
      }
    }
  }
  if (current) operations.push(current);
  const executable = operations.filter((o) => o.keyword !== "fragment");
  const hit = executable.find((o) => offset >= o.start && offset <= o.end) || executable[0] || null;
  return { name: hit ? hit.name : null, count: executable.length };
}
