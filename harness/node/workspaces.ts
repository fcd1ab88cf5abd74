/**
 * near-workspaces on the embedded runtime, in-process: starts the JSON-RPC node and returns
 * a near-workspaces Worker on its `custom` network, with the root account's key in the
 * keystore. Nothing is spawned and no binary is needed.
 */
import type { KeyStore, Worker } from 'near-workspaces';
import { loadNearWorkspaces } from './near-workspaces.js';
import { EmbeddedNode, type NodeOptions } from './node.js';

export interface EmbeddedWorker {
  worker: Worker;
  node: EmbeddedNode;
  url: string;
  /** Tears the worker down and stops the node. */
  stop(): Promise<void>;
}

export async function startEmbeddedWorker(options: NodeOptions & { port?: number; initialBalance?: bigint } = {}): Promise<EmbeddedWorker> {
  const { KeyPair, Worker } = await loadNearWorkspaces();
  const node = new EmbeddedNode(options);
  const { url } = await node.listen(options.port ?? 0);
  const keyStore = inMemoryKeyStore();
  await keyStore.setKey('custom', node.chain.rootAccountId, KeyPair.fromString(node.rootKeyPair.secretKey as `ed25519:${string}`));
  const worker = await Worker.init({
    network: 'custom',
    rpcAddr: url,
    rootAccountId: node.chain.rootAccountId,
    keyStore,
    initialBalance: options.initialBalance ?? 100n * 10n ** 24n,
  });
  return {
    worker,
    node,
    url,
    async stop() {
      await worker.tearDown();
      await node.close();
    },
  };
}

/**
 * A keystore in memory, written here so the package imports nothing from near-api-js (it
 * is near-workspaces' dependency, not ours); near-workspaces only calls these methods.
 */
function inMemoryKeyStore(): KeyStore {
  type Key = Awaited<ReturnType<KeyStore['getKey']>>;
  const keys = new Map<string, Key>();
  const id = (network: string, account: string) => `${account}:${network}`;
  const store: KeyStore = {
    setKey: async (network: string, account: string, key: Key) => void keys.set(id(network, account), key),
    getKey: async (network: string, account: string) => keys.get(id(network, account)) ?? null,
    removeKey: async (network: string, account: string) => void keys.delete(id(network, account)),
    clear: async () => keys.clear(),
    getNetworks: async () => [...new Set([...keys.keys()].map((k) => k.slice(k.lastIndexOf(':') + 1)))],
    getAccounts: async (network: string) => [...keys.keys()].filter((k) => k.endsWith(`:${network}`)).map((k) => k.slice(0, k.lastIndexOf(':'))),
    toString: () => 'InMemoryKeyStore',
  };
  return store;
}
