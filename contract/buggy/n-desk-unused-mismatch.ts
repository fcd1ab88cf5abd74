/**
 * Defect (n): ft_on_transfer returns an unused amount that does not match its credit.
 *
 * The desk works out how much it keeps and returns the rest as unused, but credits the
 * sender with the whole amount. The token gives the unused part back to the sender, who
 * is credited for it as well: the desk owes more tokens than it holds.
 */
import { creditBalance } from '../desk/ledger';
import { steps } from '../desk/steps';

export * from '../desk/desk';

steps.receiveTokens = (ledger, senderId, amount, keep) => {
  creditBalance(ledger, senderId, amount);
  return amount - keep;
};
