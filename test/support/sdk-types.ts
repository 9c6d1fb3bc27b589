import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Stripe's response shapes, read from the official SDK's type declarations
// (node_modules/stripe/esm/**/*.d.ts). Those files are generated from Stripe's OpenAPI spec for the
// API version the SDK pins (the version the sandbox speaks), so they say, at every depth, which
// fields an object has, which are optional (not in the spec's `required`), which may be null, and
// which enums are closed. This module parses the small subset of TypeScript those generated files
// use (interfaces, namespaces, type aliases, imports, unions, arrays, literals, index signatures)
// into a type model that stripe-shapes.ts validates API objects against. Files are parsed lazily,
// only when a value needs one of their types.

export type TypeNode =
  | { k: 'prim'; name: 'string' | 'number' | 'boolean' | 'null' | 'void' | 'any' | 'never' }
  | { k: 'lit'; value: string | number | boolean }
  | { k: 'ref'; name: string[]; args: TypeNode[]; scope: Scope }
  | { k: 'array'; of: TypeNode }
  | { k: 'union'; of: TypeNode[] }
  | { k: 'intersection'; of: TypeNode[] }
  | { k: 'object'; members: Map<string, Member>; index?: TypeNode };

export interface Member {
  optional: boolean;
  type: TypeNode;
}

interface Decl {
  /** Interface bodies (merged declarations append). */
  iface?: { members: Map<string, Member>; index?: TypeNode; extends: TypeNode[] };
  alias?: TypeNode;
  ns?: Scope;
  importFrom?: { file: string; name: string };
}

export interface Scope {
  file: string;
  parent: Scope | undefined;
  decls: Map<string, Decl>;
}

const SDK_DIR = fileURLToPath(new URL('../../node_modules/stripe/esm/', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Tokenizer

type Token = { t: 'id' | 'str' | 'num' | 'punct'; v: string };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') {
      i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      let value = '';
      while (j < n && text[j] !== c) {
        if (text[j] === '\\') j++;
        value += text[j];
        j++;
      }
      out.push({ t: 'str', v: value });
      i = j + 1;
    } else if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(text[j]!)) j++;
      out.push({ t: 'id', v: text.slice(i, j) });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[0-9.]/.test(text[j]!)) j++;
      out.push({ t: 'num', v: text.slice(i, j) });
      i = j;
    } else if (c === '=' && text[i + 1] === '>') {
      out.push({ t: 'punct', v: '=>' });
      i += 2;
    } else if (c === '.' && text[i + 1] === '.' && text[i + 2] === '.') {
      out.push({ t: 'punct', v: '...' });
      i += 3;
    } else {
      out.push({ t: 'punct', v: c });
      i++;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parser (declarations we need; anything else is skipped statement by statement)

class Parser {
  private pos = 0;
  private readonly tokens: Token[];
  private readonly file: string;

  constructor(tokens: Token[], file: string) {
    this.tokens = tokens;
    this.file = file;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private is(v: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.v === v && t.t !== 'str';
  }

  private next(): Token {
    const t = this.tokens[this.pos++];
    if (!t) throw new Error(`${this.file}: unexpected end of file`);
    return t;
  }

  private expect(v: string): void {
    const t = this.next();
    if (t.v !== v) throw new Error(`${this.file}: expected ${v}, got ${t.v} at token ${this.pos}`);
  }

  /** Skips a balanced (), [], {} or <> group starting at the current opening token. */
  private skipGroup(): void {
    const open = this.next().v;
    const close = ({ '(': ')', '[': ']', '{': '}', '<': '>' } as Record<string, string>)[open]!;
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t.t === 'str') continue;
      if (t.v === open) depth++;
      else if (t.v === close) depth--;
    }
  }

  /** Skips to the end of the current statement (a `;` or a balanced `{…}` block at depth 0). */
  private skipStatement(): void {
    while (this.pos < this.tokens.length) {
      if (this.is(';')) {
        this.pos++;
        return;
      }
      if (this.is('{') || this.is('(') || this.is('[')) {
        const wasBrace = this.is('{');
        this.skipGroup();
        if (wasBrace && !this.is('.') && !this.is('|') && !this.is('&')) {
          if (this.is(';')) this.pos++;
          return;
        }
        continue;
      }
      this.pos++;
    }
  }

  parseBody(scope: Scope, until: string | null): void {
    while (this.pos < this.tokens.length && !(until && this.is(until))) {
      if (this.is(';')) {
        this.pos++;
        continue;
      }
      if (this.is('export')) {
        this.pos++;
        if (this.is('{') || this.is('*')) {
          this.skipStatement(); // re-exports
          continue;
        }
      }
      if (this.is('declare')) this.pos++;
      if (this.is('import')) this.parseImport(scope);
      else if (this.is('interface')) this.parseInterface(scope);
      else if (this.is('namespace')) this.parseNamespace(scope);
      else if (this.is('type')) this.parseAlias(scope);
      else this.skipStatement(); // classes, consts, functions
    }
    if (until) this.expect(until);
  }

  private decl(scope: Scope, name: string): Decl {
    let d = scope.decls.get(name);
    if (!d) {
      d = {};
      scope.decls.set(name, d);
    }
    return d;
  }

  private parseImport(scope: Scope): void {
    this.expect('import');
    if (this.is('type')) this.pos++;
    if (!this.is('{')) {
      this.skipStatement();
      return;
    }
    this.pos++;
    const names: Array<[string, string]> = [];
    while (!this.is('}')) {
      if (this.is('type')) this.pos++;
      const name = this.next().v;
      let local = name;
      if (this.is('as')) {
        this.pos++;
        local = this.next().v;
      }
      names.push([name, local]);
      if (this.is(',')) this.pos++;
    }
    this.expect('}');
    this.expect('from');
    const from = this.next().v;
    if (this.is(';')) this.pos++;
    const file = join(dirname(scope.file), from.replace(/\.js$/, '.d.ts'));
    for (const [name, local] of names) this.decl(scope, local).importFrom = { file, name };
  }

  private typeParams(): void {
    if (this.is('<')) this.skipGroup();
  }

  private parseInterface(scope: Scope): void {
    this.expect('interface');
    const name = this.next().v;
    this.typeParams();
    const extendsList: TypeNode[] = [];
    if (this.is('extends')) {
      this.pos++;
      extendsList.push(this.parseType(scope));
      while (this.is(',')) {
        this.pos++;
        extendsList.push(this.parseType(scope));
      }
    }
    const body = this.parseObjectBody(scope);
    const d = this.decl(scope, name);
    if (!d.iface) d.iface = { members: new Map(), extends: [] };
    for (const [k, m] of body.members) d.iface.members.set(k, m);
    if (body.index) d.iface.index = body.index;
    d.iface.extends.push(...extendsList);
  }

  private parseNamespace(scope: Scope): void {
    this.expect('namespace');
    const name = this.next().v;
    const d = this.decl(scope, name);
    if (!d.ns) d.ns = { file: scope.file, parent: scope, decls: new Map() };
    this.expect('{');
    this.parseBody(d.ns, '}');
  }

  private parseAlias(scope: Scope): void {
    this.expect('type');
    const name = this.next().v;
    this.typeParams();
    this.expect('=');
    const type = this.parseType(scope);
    if (this.is(';')) this.pos++;
    this.decl(scope, name).alias = type;
  }

  /** `{ members }`: properties, index signatures; methods and call signatures are skipped. */
  private parseObjectBody(scope: Scope): { members: Map<string, Member>; index?: TypeNode } {
    this.expect('{');
    const members = new Map<string, Member>();
    let index: TypeNode | undefined;
    while (!this.is('}')) {
      if (this.is(';') || this.is(',')) {
        this.pos++;
        continue;
      }
      if (this.is('readonly')) this.pos++;
      if (this.is('[')) {
        // [key: string]: T
        this.pos++;
        this.next();
        this.expect(':');
        this.parseType(scope);
        this.expect(']');
        this.expect(':');
        index = this.parseType(scope);
        continue;
      }
      if (this.is('(') || this.is('<') || this.is('new')) {
        this.skipMember();
        continue;
      }
      const name = this.next().v;
      let optional = false;
      if (this.is('?')) {
        optional = true;
        this.pos++;
      }
      if (this.is('(') || this.is('<')) {
        this.skipMember();
        continue;
      }
      this.expect(':');
      members.set(name, { optional, type: this.parseType(scope) });
    }
    this.expect('}');
    return index ? { members, index } : { members };
  }

  private skipMember(): void {
    while (!this.is(';') && !this.is('}')) {
      if (this.is('{') || this.is('(') || this.is('[') || this.is('<')) this.skipGroup();
      else this.pos++;
    }
  }

  parseType(scope: Scope): TypeNode {
    if (this.is('|')) this.pos++;
    const first = this.parseIntersection(scope);
    if (!this.is('|')) return first;
    const of = [first];
    while (this.is('|')) {
      this.pos++;
      of.push(this.parseIntersection(scope));
    }
    return { k: 'union', of };
  }

  private parseIntersection(scope: Scope): TypeNode {
    const first = this.parsePostfix(scope);
    if (!this.is('&')) return first;
    const of = [first];
    while (this.is('&')) {
      this.pos++;
      of.push(this.parsePostfix(scope));
    }
    return { k: 'intersection', of };
  }

  private parsePostfix(scope: Scope): TypeNode {
    let type = this.parsePrimary(scope);
    while (this.is('[') && this.is(']', 1)) {
      this.pos += 2;
      type = { k: 'array', of: type };
    }
    return type;
  }

  private parsePrimary(scope: Scope): TypeNode {
    const t = this.peek();
    if (!t) throw new Error(`${this.file}: unexpected end of type`);
    if (t.t === 'str') {
      this.pos++;
      return { k: 'lit', value: t.v };
    }
    if (t.t === 'num') {
      this.pos++;
      return { k: 'lit', value: Number(t.v) };
    }
    if (t.v === '(') {
      // a parenthesised type or a function type
      const start = this.pos;
      this.skipGroup();
      if (this.is('=>')) {
        this.pos++;
        this.parseType(scope);
        return { k: 'prim', name: 'any' };
      }
      this.pos = start + 1;
      const inner = this.parseType(scope);
      this.expect(')');
      return inner;
    }
    if (t.v === '{') {
      const body = this.parseObjectBody(scope);
      return { k: 'object', ...body };
    }
    this.pos++;
    switch (t.v) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'null':
      case 'void':
      case 'any':
      case 'never':
        return { k: 'prim', name: t.v };
      case 'unknown':
      case 'undefined':
      case 'object':
        return { k: 'prim', name: 'any' };
      case 'true':
        return { k: 'lit', value: true };
      case 'false':
        return { k: 'lit', value: false };
      case 'typeof':
      case 'keyof':
        this.parsePrimary(scope);
        return { k: 'prim', name: 'any' };
    }
    const name = [t.v];
    while (this.is('.')) {
      this.pos++;
      name.push(this.next().v);
    }
    const args: TypeNode[] = [];
    if (this.is('<')) {
      this.pos++;
      while (!this.is('>')) {
        args.push(this.parseType(scope));
        if (this.is(',')) this.pos++;
      }
      this.expect('>');
    }
    return { k: 'ref', name, args, scope };
  }
}

// ---------------------------------------------------------------------------------------------
// Files and name resolution

const files = new Map<string, Scope>();

function fileScope(file: string): Scope {
  let scope = files.get(file);
  if (scope) return scope;
  scope = { file, parent: undefined, decls: new Map() };
  files.set(file, scope);
  new Parser(tokenize(readFileSync(file, 'utf8')), file).parseBody(scope, null);
  return scope;
}

/** The SDK's declaration file for a resource, e.g. `resources/Refunds`. */
export function sdkFile(relative: string): Scope {
  return fileScope(join(SDK_DIR, `${relative}.d.ts`));
}

function findDecl(scope: Scope | undefined, name: string): Decl | undefined {
  for (let s = scope; s; s = s.parent) {
    const d = s.decls.get(name);
    if (d) return d;
  }
  return undefined;
}

function followImport(d: Decl): Decl | undefined {
  let current: Decl | undefined = d;
  for (let hops = 0; current?.importFrom && hops < 10; hops++) {
    const { file, name }: { file: string; name: string } = current.importFrom;
    if (file.endsWith('lib.d.ts')) return undefined; // ApiList etc. are built in (see resolve)
    current = fileScope(file).decls.get(name);
  }
  return current;
}

export type Resolved =
  | { k: 'object'; members: Map<string, Member>; index?: TypeNode }
  | { k: 'type'; type: TypeNode };

const BUILTIN_STRINGS = new Set(['Decimal']);

/** Resolves a named type to an object shape (interfaces, with `extends` merged) or a type. */
export function resolve(ref: Extract<TypeNode, { k: 'ref' }>): Resolved {
  const [head, ...rest] = ref.name;
  if (rest.length === 0) {
    if (head === 'Array' && ref.args[0]) return { k: 'type', type: { k: 'array', of: ref.args[0] } };
    if (head === 'ApiList' && ref.args[0]) {
      return {
        k: 'object',
        members: new Map<string, Member>([
          ['object', { optional: false, type: { k: 'lit', value: 'list' } }],
          ['data', { optional: false, type: { k: 'array', of: ref.args[0] } }],
          ['has_more', { optional: false, type: { k: 'prim', name: 'boolean' } }],
          ['url', { optional: false, type: { k: 'prim', name: 'string' } }],
        ]),
      };
    }
    if (head === 'Partial' && ref.args[0] && ref.args[0].k === 'ref') {
      const inner = resolve(ref.args[0]);
      if (inner.k === 'object') {
        const members = new Map<string, Member>();
        for (const [k, m] of inner.members) members.set(k, { optional: true, type: m.type });
        return { k: 'object', members };
      }
      return inner;
    }
    if (head === 'Record') return { k: 'type', type: { k: 'prim', name: 'any' } };
    if (BUILTIN_STRINGS.has(head!)) return { k: 'type', type: { k: 'prim', name: 'string' } };
  }
  let d = findDecl(ref.scope, head!);
  if (d?.importFrom) d = followImport(d);
  if (!d) throw new Error(`stripe types: cannot resolve ${ref.name.join('.')} in ${ref.scope.file}`);
  for (const part of rest) {
    const ns: Scope | undefined = d?.ns;
    let next: Decl | undefined = ns?.decls.get(part);
    if (next?.importFrom) next = followImport(next);
    if (!next) throw new Error(`stripe types: cannot resolve ${ref.name.join('.')} in ${ref.scope.file}`);
    d = next;
  }
  if (d!.iface) {
    const members = new Map<string, Member>();
    let index: TypeNode | undefined = d!.iface.index;
    for (const base of d!.iface.extends) {
      if (base.k !== 'ref') continue;
      const r = resolve(base);
      if (r.k === 'object') {
        for (const [k, m] of r.members) members.set(k, m);
        index ??= r.index;
      }
    }
    for (const [k, m] of d!.iface.members) members.set(k, m);
    return index ? { k: 'object', members, index } : { k: 'object', members };
  }
  if (d!.alias) return { k: 'type', type: d!.alias };
  throw new Error(`stripe types: ${ref.name.join('.')} is not a type`);
}

/** A reference to a top-level type of an SDK file, e.g. sdkType('resources/Refunds', 'Refund'). */
export function sdkType(file: string, name: string): Extract<TypeNode, { k: 'ref' }> {
  return { k: 'ref', name: [name], args: [], scope: sdkFile(file) };
}
