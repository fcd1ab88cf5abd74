/**
 * near-workspaces on the embedded runtime, in-process: starts the JSON-RPC node and returns
 * a near-workspaces Worker on its `custom` network, with the root account's key in the
 * keystore. Nothing is spawned and no binary is needed.
 */
import { KeyPair, Worker } from 'near-workspaces';
import { InMemoryKeyStore } from 'near-api-js/lib/key_stores/index.js';
import { EmbeddedNode, type NodeOptions } from './node.js';

export interface EmbeddedWorker {
  worker: Worker;
  node: EmbeddedNode;
  url: string;
  /** Tears the worker down and stops the node. */
  stop(): Promise<void>;
}

export async function startEmbeddedWorker(options: NodeOptions & { port?: number; initialBalance?: bigint } = {}): Promise<EmbeddedWorker> {
  const node = new EmbeddedNode(options);
  const { url } = await node.listen(options.port ?? 0);
  const keyStore = new InMemoryKeyStore();
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
