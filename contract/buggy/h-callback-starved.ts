/**
 * Defect (h): callback given too little gas.
 *
 * Callbacks get 1 Tgas, less than a near-sdk-js method needs to start. Every callback
 * runs out of gas, so its cleanup never happens: failed stakes are not refunded, locks
 * stay held, failed withdrawals are not restored.
 */
import { steps, TGAS } from '../vault/steps';

export * from '../vault/vault';

steps.callbackGas = 1n * TGAS;
