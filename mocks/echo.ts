import { NearBindgen, call, view, near } from 'near-sdk-js';

@NearBindgen({})
class Echo {
  count = 0;

  @call({ payableFunction: true })
  hit(): string {
    this.count += 1;
    return near.attachedDeposit().toString();
  }

  @view({})
  get_count(): number {
    return this.count;
  }
}
