/**
 * Defect (p): per-user storage grown without a storage deposit.
 *
 * Every forward also records a history entry for its user, under a key of its own that
 * nothing ever removes, and the user pays only the 1 yocto ft_transfer_call needs. Each
 * record takes about a hundred bytes (40 per record on top of key and value), for which
 * the desk's own NEAR is staked at 10^19 yocto per byte: any user can keep forwarding
 * until the desk cannot pay for its storage and every receipt fails with
 * LackBalanceForState.
 */
import { LookupMap } from 'near-sdk-js';
import { debitBalance, openForward } from '../desk/ledger';
import { steps } from '../desk/steps';

export * from '../desk/desk';

/** A forward as its user's history keeps it, under "<account>/<forward id>". */
interface ForwardRecord {
  receiver_id: string;
  amount: string;
}

const history = new LookupMap<ForwardRecord>('h');

steps.beginForward = (ledger, forward) => {
  debitBalance(ledger, forward.account_id, BigInt(forward.amount));
  openForward(ledger, forward);
  history.set(`${forward.account_id}/${forward.id}`, { receiver_id: forward.receiver_id, amount: forward.amount });
};
