// PGlite's files, owner-only whatever the umask. PGlite reaches the disk through Emscripten's NODEFS,
// which creates files with mode 0777 and then copies the modes PostgreSQL's initdb chose inside its
// in-memory file system (0666, 0644) onto the real files with chmod — so the process umask alone
// does not help: ~970 of ~1,000 files of a fresh database came out 0666, the WAL among them
// (webhook secrets, password hashes, customer emails). This file system is PGlite's NodeFS with
// every mode that NODEFS creates or sets masked to the owner: files 0600, folders 0700.
import type { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

type PostgresMod = Parameters<NodeFS['init']>[1];

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

/** The mode NODEFS may give a new node: group and other bits cleared; no execute bit on files. */
export function ownerOnlyCreateMode(mode: number): number {
  return (mode & S_IFMT) === S_IFDIR ? mode & ~0o077 : mode & ~0o177;
}

interface NodeOps {
  mknod(parent: unknown, name: string, mode: number, dev: number): unknown;
  setattr(node: unknown, attr: { mode?: number }): void;
}

/** Wraps NODEFS's operations of one PGlite module (runs before the data folder is mounted). */
function maskNodefsModes(mod: PostgresMod): void {
  const nodefs = mod.NODEFS as unknown as { node_ops: NodeOps; stream_ops: Pick<NodeOps, 'setattr'> };
  const { node_ops: nodeOps, stream_ops: streamOps } = nodefs;
  const mknod = nodeOps.mknod;
  nodeOps.mknod = (parent, name, mode, dev) => mknod(parent, name, ownerOnlyCreateMode(mode), dev);
  for (const ops of [nodeOps, streamOps]) {
    const setattr = ops.setattr;
    ops.setattr = (target, attr) =>
      setattr(
        target,
        attr.mode === undefined || attr.mode === null ? attr : { ...attr, mode: attr.mode & ~0o077 },
      );
  }
}

export class OwnerOnlyNodeFS extends NodeFS {
  override async init(
    pg: PGlite,
    opts: Partial<PostgresMod>,
  ): Promise<{ emscriptenOpts: Partial<PostgresMod> }> {
    const { emscriptenOpts } = await super.init(pg, opts);
    return {
      emscriptenOpts: { ...emscriptenOpts, preRun: [maskNodefsModes, ...(emscriptenOpts.preRun ?? [])] },
    };
  }
}
