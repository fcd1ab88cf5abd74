/**
 * Defect (j): the refund computed from a stored value instead of the pool's answer.
 *
 * The callback takes the input used from the swap it recorded (the whole amount_in it
 * sent) rather than the amount_in_used the pool returned. On a partial fill the pool
 * sends the unused input back to the router, which keeps it: the user is never refunded.
 */
import { steps } from '../router/steps';

export * from '../router/router';

steps.inputUsed = (swap) => BigInt(swap.amount_in);
