/**
 * Mock fungible token: the part of NEP-141 (fungible tokens) and NEP-145 (storage
 * management) that real rollback incidents hinge on. Transfers to an account that
 * never registered storage fail, which is what made withdrawals in Ref Finance, Aurora
 * and USN fail after the state had already changed.
 *
 * Error texts follow near-contract-standards' FungibleToken.
 */
import { call, initialize, LookupMap, near, NearBindgen, NearPromise, view } from 'near-sdk-js';

/** Storage a registration pays for: 125 bytes at 10^19 yocto per byte. */
const STORAGE_BALANCE_MIN = 1_250_000_000_000_000_000_000n;
const ONE_YOCTO = 1n;
const TGAS = 1_000_000_000_000n;
const GAS_FOR_RESOLVE_TRANSFER = 20n * TGAS;
const GAS_FOR_FT_ON_TRANSFER = 40n * TGAS;

function requireOneYocto(): void {
  if (near.attachedDeposit() !== ONE_YOCTO) throw new Error('Requires attached deposit of exactly 1 yoctoNEAR');
}

function parseAmount(amount: string): bigint {
  let value: bigint;
  try {
    value = BigInt(amount);
  } catch {
    throw new Error(`The amount should be a positive number`);
  }
  if (value <= 0n) throw new Error('The amount should be a positive number');
  return value;
}

@NearBindgen({ requireInit: true })
class MockFungibleToken {
  accounts: LookupMap<string> = new LookupMap<string>('a');
  totalSupply = '0';
  owner = '';

  @initialize({})
  init({ owner_id, total_supply }: { owner_id: string; total_supply: string }): void {
    this.owner = owner_id;
    this.totalSupply = BigInt(total_supply).toString();
    this.accounts.set(owner_id, this.totalSupply);
  }

  private balanceOf(accountId: string): bigint {
    const balance = this.accounts.get(accountId);
    if (balance === null) throw new Error(`The account ${accountId} is not registered`);
    return BigInt(balance);
  }

  private internalTransfer(senderId: string, receiverId: string, amount: bigint): void {
    if (senderId === receiverId) throw new Error('Sender and receiver should be different');
    const senderBalance = this.balanceOf(senderId);
    const receiverBalance = this.balanceOf(receiverId);
    if (senderBalance < amount) throw new Error("The account doesn't have enough balance");
    this.accounts.set(senderId, (senderBalance - amount).toString());
    this.accounts.set(receiverId, (receiverBalance + amount).toString());
    near.log(`Transfer ${amount} from ${senderId} to ${receiverId}`);
  }

  @call({ payableFunction: true })
  ft_transfer({ receiver_id, amount }: { receiver_id: string; amount: string; memo?: string }): void {
    requireOneYocto();
    this.internalTransfer(near.predecessorAccountId(), receiver_id, parseAmount(amount));
  }

  @call({ payableFunction: true })
  ft_transfer_call({ receiver_id, amount, msg }: { receiver_id: string; amount: string; memo?: string; msg: string }): NearPromise {
    requireOneYocto();
    const senderId = near.predecessorAccountId();
    const value = parseAmount(amount);
    this.internalTransfer(senderId, receiver_id, value);
    return NearPromise.new(receiver_id)
      .functionCall('ft_on_transfer', JSON.stringify({ sender_id: senderId, amount: value.toString(), msg }), 0n, GAS_FOR_FT_ON_TRANSFER)
      .then(
        NearPromise.new(near.currentAccountId()).functionCall(
          'ft_resolve_transfer',
          JSON.stringify({ sender_id: senderId, receiver_id, amount: value.toString() }),
          0n,
          GAS_FOR_RESOLVE_TRANSFER,
        ),
      );
  }

  /**
   * NEP-141's resolve: the receiver's unused amount (all of it when ft_on_transfer failed or
   * answered something that is not a U128 string), at most what the receiver still holds,
   * goes back to the sender — or is burnt if the sender has unregistered since. Returns the
   * amount used (burnt tokens count as used), as near-contract-standards does.
   */
  @call({ privateFunction: true })
  ft_resolve_transfer({ sender_id, receiver_id, amount }: { sender_id: string; receiver_id: string; amount: string }): string {
    const sent = BigInt(amount);
    let unused = sent;
    try {
      const returned = JSON.parse(near.promiseResult(0)) as unknown;
      if (typeof returned === 'string' && /^[0-9]+$/.test(returned)) {
        const asked = BigInt(returned);
        unused = asked < sent ? asked : sent;
      }
    } catch {
      // A failed or malformed ft_on_transfer: everything is refunded.
      unused = sent;
    }
    if (unused === 0n) return sent.toString();
    const receiverBalance = BigInt(this.accounts.get(receiver_id) ?? '0');
    const refund = unused < receiverBalance ? unused : receiverBalance;
    if (refund === 0n) return sent.toString();
    this.accounts.set(receiver_id, (receiverBalance - refund).toString());
    const senderBalance = this.accounts.get(sender_id);
    if (senderBalance === null) {
      this.totalSupply = (BigInt(this.totalSupply) - refund).toString();
      near.log(`Burn ${refund} returned by ${receiver_id}: ${sender_id} is no longer registered`);
      return sent.toString();
    }
    this.accounts.set(sender_id, (BigInt(senderBalance) + refund).toString());
    near.log(`Refund ${refund} from ${receiver_id} to ${sender_id}`);
    return (sent - refund).toString();
  }

  @view({})
  ft_balance_of({ account_id }: { account_id: string }): string {
    return this.accounts.get(account_id) ?? '0';
  }

  @view({})
  ft_total_supply(): string {
    return this.totalSupply;
  }

  @view({})
  ft_metadata(): { spec: string; name: string; symbol: string; decimals: number } {
    return { spec: 'ft-1.0.0', name: 'Mock Token', symbol: 'MOCK', decimals: 24 };
  }

  // ---- NEP-145 storage management ----

  @call({ payableFunction: true })
  storage_deposit({ account_id }: { account_id?: string; registration_only?: boolean }): { total: string; available: string } {
    const accountId = account_id ?? near.predecessorAccountId();
    const deposit = near.attachedDeposit();
    if (this.accounts.containsKey(accountId)) {
      near.log('The account is already registered, refunding the deposit');
      if (deposit > 0n) {
        const refund = near.promiseBatchCreate(near.predecessorAccountId());
        near.promiseBatchActionTransfer(refund, deposit);
      }
    } else {
      if (deposit < STORAGE_BALANCE_MIN) throw new Error('The attached deposit is less than the minimum storage balance');
      this.accounts.set(accountId, '0');
      const excess = deposit - STORAGE_BALANCE_MIN;
      if (excess > 0n) {
        const refund = near.promiseBatchCreate(near.predecessorAccountId());
        near.promiseBatchActionTransfer(refund, excess);
      }
    }
    return { total: STORAGE_BALANCE_MIN.toString(), available: '0' };
  }

  @call({ payableFunction: true })
  storage_unregister({ force }: { force?: boolean }): boolean {
    requireOneYocto();
    const accountId = near.predecessorAccountId();
    const balance = this.accounts.get(accountId);
    if (balance === null) {
      near.log(`The account ${accountId} is not registered`);
      return false;
    }
    if (BigInt(balance) > 0n && force !== true) throw new Error("Can't unregister the account with the positive balance without force");
    this.accounts.remove(accountId);
    this.totalSupply = (BigInt(this.totalSupply) - BigInt(balance)).toString();
    const refund = near.promiseBatchCreate(accountId);
    near.promiseBatchActionTransfer(refund, STORAGE_BALANCE_MIN + ONE_YOCTO);
    return true;
  }

  @view({})
  storage_balance_of({ account_id }: { account_id: string }): { total: string; available: string } | null {
    return this.accounts.containsKey(account_id) ? { total: STORAGE_BALANCE_MIN.toString(), available: '0' } : null;
  }

  @view({})
  storage_balance_bounds(): { min: string; max: string } {
    return { min: STORAGE_BALANCE_MIN.toString(), max: STORAGE_BALANCE_MIN.toString() };
  }
}
