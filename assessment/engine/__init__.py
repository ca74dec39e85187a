"""Pure computation on a bank and answers: scores, the plan, next steps, portfolio analytics."""
