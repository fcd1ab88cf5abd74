/**
 * Gas accounting of one execution (nearcore gas_counter.rs): burnt gas is work done,
 * used gas is burnt plus gas reserved for new receipts.
 */
import { HostError } from './errors.js';

export class GasCounter {
  burnt = 0n;
  /** Gas reserved for receipts this execution creates (their prepaid gas and exec fees). */
  promisesGas = 0n;

  constructor(
    readonly prepaidGas: bigint,
    readonly maxGasBurnt: bigint,
  ) {}

  get used(): bigint {
    return this.burnt + this.promisesGas;
  }

  /** Gas that may still be burnt before either limit is crossed. */
  get remaining(): bigint {
    const byPrepaid = this.prepaidGas - this.used;
    const byLimit = this.maxGasBurnt - this.burnt;
    return byPrepaid < byLimit ? byPrepaid : byLimit;
  }

  /** Burns gas; past the limits, burns what is left and throws nearcore's error. */
  burn(gas: bigint): void {
    const burnt = this.burnt + gas;
    if (burnt <= this.maxGasBurnt && burnt + this.promisesGas <= this.prepaidGas) {
      this.burnt = burnt;
      return;
    }
    this.exhaust(burnt);
  }

  /** Reserves gas for a new receipt; counts toward used gas, not burnt gas. */
  reserve(gas: bigint): void {
    if (this.used + gas > this.prepaidGas) {
      this.burnt = this.prepaidGas - this.promisesGas < this.maxGasBurnt ? this.prepaidGas - this.promisesGas : this.maxGasBurnt;
      throw new HostError({ kind: 'GasExceeded' });
    }
    this.promisesGas += gas;
  }

  /** GasLimitExceeded is reported in preference when both limits are crossed. */
  private exhaust(wouldBurn: bigint): never {
    const limitBinding = this.maxGasBurnt <= this.prepaidGas - this.promisesGas;
    if (wouldBurn > this.maxGasBurnt && limitBinding) {
      this.burnt = this.maxGasBurnt;
      throw new HostError({ kind: 'GasLimitExceeded' });
    }
    this.burnt = this.prepaidGas - this.promisesGas;
    throw new HostError({ kind: 'GasExceeded' });
  }
}
